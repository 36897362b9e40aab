package dev.shears.spec;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an experiment may take of the fleet: the top-level fields no sweep may change, read with their defaults from
 * a submitted spec (sweeps and all), so the scheduler and the compiler agree on them.
 *
 * @param weight the experiment's share relative to others (default 1)
 * @param maxConcurrentTrials most trials placed at once (default unbounded)
 * @param maxAttempts attempts a trial gets before it fails for good (default 3)
 */
public record ExperimentShare(double weight, int maxConcurrentTrials, int maxAttempts) {
  public static final int DEFAULT_MAX_ATTEMPTS = 3;

  /** The share a spec asks for. */
  public static ExperimentShare of(JsonNode spec) {
    return new ExperimentShare(spec.path("weight").asDouble(1.0),
        spec.path("maxConcurrentTrials").asInt(Integer.MAX_VALUE),
        spec.path("maxAttempts").asInt(DEFAULT_MAX_ATTEMPTS));
  }
}
