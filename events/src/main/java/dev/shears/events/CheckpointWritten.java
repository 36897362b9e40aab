package dev.shears.events;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A checkpoint directory was written atomically; {@code sha256} covers its manifest.
 *
 * @param stage the stage that wrote it
 * @param step the global step it holds
 * @param kind periodic, stage end, or the exported (physically pruned) model
 * @param uri where it is, a {@code file:} URI of a directory
 * @param sha256 the digest evaluators verify before trusting it
 * @param bytes its size on disk
 * @param teacherUri for exports: the fine-tuned teacher to compare against
 * @param task for exports: the trial's {@code task} and {@code eval} spec sections
 *     ({@code {"task": {...}, "eval": {...}}}), so that evaluators measure each export on its own task
 */
public record CheckpointWritten(
    String stage,
    long step,
    CheckpointKind kind,
    String uri,
    String sha256,
    long bytes,
    @Optional String teacherUri,
    @Optional JsonNode task)
    implements CheckpointEvent {
  public CheckpointWritten {
    requireNonNull(stage, "stage");
    requireNonNull(kind, "kind");
    requireNonNull(uri, "uri");
    requireNonNull(sha256, "sha256");
  }

  /** A checkpoint that names no task (periodic and stage checkpoints). */
  public CheckpointWritten(String stage, long step, CheckpointKind kind, String uri, String sha256, long bytes,
      String teacherUri) {
    this(stage, step, kind, uri, sha256, bytes, teacherUri, null);
  }
}
