package dev.shears.model;

/**
 * A model directory, checkpoint, config or input that cannot be used as given. The message names the
 * file, tensor or field and says what is wrong; command-line front ends map it to exit status 2.
 */
public class ModelFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ModelFormatException(String message) {
    super(message);
  }

  public ModelFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
