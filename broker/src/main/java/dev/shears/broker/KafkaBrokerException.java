package dev.shears.broker;

/**
 * A Kafka broker could not be started, reached or stopped. The message names what failed (port, path,
 * topic) and, when the broker process died, ends with the tail of its log.
 */
public final class KafkaBrokerException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public KafkaBrokerException(String message) {
    super(message);
  }

  public KafkaBrokerException(String message, Throwable cause) {
    super(message, cause);
  }
}
