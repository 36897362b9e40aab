package dev.shears.dashboard.state;

/** A trial's state as the dashboard last saw it on {@code shears.trials} (DESIGN §6). */
public enum TrialState {
  /** Telemetry arrived before the trial's creation event. */
  UNKNOWN,
  PENDING,
  ASSIGNED,
  RUNNING,
  REQUEUED,
  PAUSED,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  /** True for states no further event leaves. */
  public boolean terminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }
}
