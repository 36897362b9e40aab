package dev.shears.events;

import static java.util.Objects.requireNonNull;

/** The worker began running the attempt. */
public record TrialStarted(
    String workerId)
    implements TrialEvent {
  public TrialStarted {
    requireNonNull(workerId, "workerId");
  }
}
