package dev.shears.events;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;

/** A validated experiment spec was accepted and expanded into trials. */
public record ExperimentSubmitted(
    String name,
    @Optional String idempotencyKey,
    JsonNode spec,
    int trialCount,
    @Optional String submittedBy)
    implements ExperimentEvent {
  public ExperimentSubmitted {
    requireNonNull(name, "name");
    requireNonNull(spec, "spec");
  }
}
