package dev.shears.events;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Run one attempt of a trial on the given GPUs, resuming from a checkpoint when one is named. */
public record Assignment(
    String workerId,
    List<Integer> gpuIndices,
    JsonNode spec,
    @Optional String resumeCheckpoint)
    implements AssignmentEvent {
  public Assignment {
    requireNonNull(workerId, "workerId");
    gpuIndices = List.copyOf(requireNonNull(gpuIndices, "gpuIndices"));
    requireNonNull(spec, "spec");
  }
}
