package dev.shears.events;

import static java.util.Objects.requireNonNull;

/**
 * The attempt failed; {@code reason} is meant for the user. {@code kind} says whether a retry can help: absent (as
 * from producers older than the field) it means {@link FailureKind#RUNTIME}.
 */
public record TrialFailed(
    String reason,
    @Optional Long step,
    @Optional String lastCheckpoint,
    @Optional FailureKind kind)
    implements TrialEvent {
  public TrialFailed {
    requireNonNull(reason, "reason");
  }

  /** A failure a retry may cure. */
  public TrialFailed(String reason, Long step, String lastCheckpoint) {
    this(reason, step, lastCheckpoint, null);
  }

  /** Whether another attempt may succeed: false for a configuration error. */
  public boolean retryable() {
    return kind != FailureKind.CONFIGURATION;
  }
}
