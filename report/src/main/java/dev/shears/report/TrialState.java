package dev.shears.report;

import java.util.Locale;

/**
 * A trial's state as reports and the dashboard show it (DESIGN §6), with {@link #UNKNOWN} for a trial whose
 * creation event was not seen yet.
 */
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
  CANCELLED,
  /** Early stopping ended it at a rung; its export is still evaluated. */
  STOPPED;

  /** True for states no further event leaves. */
  public boolean terminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == STOPPED;
  }

  /** True for the states a user's retry may leave (the orchestrator refuses the others): FAILED, CANCELLED, STOPPED. */
  public boolean retryable() {
    return this == FAILED || this == CANCELLED || this == STOPPED;
  }

  /** Lower-case display label: "running", "succeeded", … */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The state named {@code name} (any case), or {@link #UNKNOWN} for null or a name this build does not know. */
  public static TrialState parse(String name) {
    if (name == null) {
      return UNKNOWN;
    }
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return UNKNOWN;
    }
  }
}
