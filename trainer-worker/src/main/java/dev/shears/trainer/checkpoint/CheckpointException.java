package dev.shears.trainer.checkpoint;

/** A checkpoint cannot be written or read; the message names the directory or file. */
public final class CheckpointException extends RuntimeException {
  /** With a cause. */
  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Without a cause. */
  public CheckpointException(String message) {
    super(message);
  }
}
