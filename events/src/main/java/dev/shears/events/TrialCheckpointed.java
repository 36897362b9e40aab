package dev.shears.events;

import static java.util.Objects.requireNonNull;

/** The trial wrote a checkpoint it can resume from. */
public record TrialCheckpointed(
    String stage,
    long step,
    String uri,
    String sha256)
    implements TrialEvent {
  public TrialCheckpointed {
    requireNonNull(stage, "stage");
    requireNonNull(uri, "uri");
    requireNonNull(sha256, "sha256");
  }
}
