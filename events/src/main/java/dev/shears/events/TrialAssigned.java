package dev.shears.events;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** The scheduler placed the trial (this attempt) on a worker. */
public record TrialAssigned(
    String workerId,
    List<Integer> gpuIndices,
    @Optional String resumeCheckpoint)
    implements TrialEvent {
  public TrialAssigned {
    requireNonNull(workerId, "workerId");
    gpuIndices = List.copyOf(requireNonNull(gpuIndices, "gpuIndices"));
  }
}
