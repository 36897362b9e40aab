package dev.shears.trainer.stage;

/** Thrown at a step boundary when a revocation asked the trial to stop. */
public final class StopRequested extends RuntimeException {
  /** For {@code reason} (cancel, pause, lease, shutdown). */
  public StopRequested(String reason) {
    super(reason, null, false, false);
  }
}
