package dev.shears.trainer;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Asks a running trial to stop at its next step boundary (a revocation: cancel or pause). Thread-safe: any thread
 * may request, the training thread polls once per step.
 */
public final class StopSignal {
  private final AtomicReference<String> reason = new AtomicReference<>();

  /** Requests a stop; the first reason wins. */
  public void request(String why) {
    reason.compareAndSet(null, why);
  }

  /** The reason, or null when no stop was requested. */
  public String reason() {
    return reason.get();
  }

  /** Whether a stop was requested. */
  public boolean requested() {
    return reason.get() != null;
  }
}
