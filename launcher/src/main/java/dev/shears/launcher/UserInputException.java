package dev.shears.launcher;

/** A problem the user can fix (a busy port, an unwritable path, a bad value): one line, exit code 2. */
public final class UserInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserInputException(String message) {
    super(message);
  }

  public UserInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
