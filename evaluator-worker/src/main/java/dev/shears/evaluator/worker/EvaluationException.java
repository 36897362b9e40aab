package dev.shears.evaluator.worker;

/** An export cannot be evaluated; the message is the reason written to {@code EvaluationFailed}. */
public final class EvaluationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With a reason. */
  public EvaluationException(String reason) {
    super(reason);
  }

  /** With a reason and its cause. */
  public EvaluationException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
