package dev.shears.model;

/**
 * A model directory, checkpoint, config or input that cannot be used as given. The message names the
 * file, tensor or field and says what is wrong. It is an {@link IllegalArgumentException} (bad input,
 * not a bug), which command-line front ends map to exit status 2.
 */
public class ModelFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ModelFormatException(String message) {
    super(message);
  }

  public ModelFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
