package dev.shears.events;

import static java.util.Objects.requireNonNull;

/** A NASH stage started. */
public record StageStarted(
    String stage,
    long step)
    implements TrialEvent {
  public StageStarted {
    requireNonNull(stage, "stage");
  }
}
