package dev.shears.events;

import static java.util.Objects.requireNonNull;

/** A checkpoint directory was written atomically; {@code sha256} covers its manifest. */
public record CheckpointWritten(
    String stage,
    long step,
    CheckpointKind kind,
    String uri,
    String sha256,
    long bytes,
    @Optional String teacherUri)
    implements CheckpointEvent {
  public CheckpointWritten {
    requireNonNull(stage, "stage");
    requireNonNull(kind, "kind");
    requireNonNull(uri, "uri");
    requireNonNull(sha256, "sha256");
  }
}
