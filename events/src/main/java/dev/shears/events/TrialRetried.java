package dev.shears.events;

import static java.util.Objects.requireNonNull;

/**
 * A user asked to run a finished (failed, cancelled or stopped) trial again: it waits for a placement as
 * {@code nextAttempt}, starting over from its first step, and the attempts before are fenced. Unlike
 * {@link TrialRequeued}, which never revives a terminal trial, this event leaves a terminal state.
 *
 * @param reason who asked, for the record
 * @param nextAttempt the attempt the trial runs as
 */
public record TrialRetried(
    String reason,
    int nextAttempt)
    implements TrialEvent {
  public TrialRetried {
    requireNonNull(reason, "reason");
    if (nextAttempt < 1) {
      throw new IllegalArgumentException("nextAttempt must be >= 1, was " + nextAttempt);
    }
  }
}
