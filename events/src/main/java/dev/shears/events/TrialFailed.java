package dev.shears.events;

import static java.util.Objects.requireNonNull;

/** The trial failed for good; {@code reason} is meant for the user. */
public record TrialFailed(
    String reason,
    @Optional Long step,
    @Optional String lastCheckpoint)
    implements TrialEvent {
  public TrialFailed {
    requireNonNull(reason, "reason");
  }
}
