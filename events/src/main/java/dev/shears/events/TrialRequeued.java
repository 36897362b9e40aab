package dev.shears.events;

import static java.util.Objects.requireNonNull;

/** The attempt was lost (lease expiry or crash); the trial runs again as {@code nextAttempt}. */
public record TrialRequeued(
    String reason,
    int nextAttempt,
    @Optional String resumeCheckpoint)
    implements TrialEvent {
  public TrialRequeued {
    requireNonNull(reason, "reason");
  }
}
