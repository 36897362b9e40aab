package dev.shears.events;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;

/** A trial expanded from an experiment sweep, with its fully resolved spec. */
public record TrialCreated(
    int index,
    JsonNode spec,
    int gpus,
    double gpuMemoryGb,
    int priority,
    int maxAttempts)
    implements TrialEvent {
  public TrialCreated {
    requireNonNull(spec, "spec");
  }
}
