package dev.shears.spec;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A validated experiment spec and the trials its sweeps expand to.
 *
 * @param name the experiment's name
 * @param idempotencyKey the key that makes a repeated submit create one experiment, or null
 * @param spec the spec as submitted, with data and model paths resolved to absolute paths
 * @param weight the experiment's share of the fleet relative to other experiments
 * @param maxConcurrentTrials most trials of this experiment placed at once
 * @param maxAttempts attempts a trial gets before it fails for good
 * @param trials one entry per trial, in index order
 */
public record ExperimentPlan(
    String name,
    String idempotencyKey,
    ObjectNode spec,
    double weight,
    int maxConcurrentTrials,
    int maxAttempts,
    List<TrialPlan> trials) {
  public ExperimentPlan {
    requireNonNull(name, "name");
    requireNonNull(spec, "spec");
    trials = List.copyOf(trials);
  }
}
