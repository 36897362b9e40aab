package dev.shears.dashboard.state;

import dev.shears.events.Envelope;

/**
 * What one accepted event changed, so the stream hub can tell the clients that watch it.
 *
 * @param envelope the event that caused the change
 */
public record Change(Kind kind, String experimentId, String trialId, String workerId, Envelope envelope) {
  /** The part of the state that changed. */
  public enum Kind {
    /** Nothing (a duplicate, a fenced event or one the dashboard does not show). */
    NONE,
    EXPERIMENT,
    TRIAL,
    TELEMETRY,
    CHECKPOINT,
    EVALUATION,
    WORKER
  }

  static final Change NONE = new Change(Kind.NONE, null, null, null, null);
}
