package dev.shears.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shears.events.EvaluationCompleted;

/**
 * An evaluated trial, as every reader of an experiment (the CLI from Kafka, the dashboard from its state, the
 * launcher from the orchestrator's API) hands it to {@link Table1Builder}, so all of them build the same table.
 *
 * @param trialId    the trial
 * @param index      its index in the sweep
 * @param spec       its resolved spec, or null when unknown (the row is then labelled by trial id)
 * @param evaluation its latest evaluation
 * @param stopped    whether early stopping ended it (its export is what it had then); its row says so
 */
public record EvaluatedTrial(String trialId, int index, JsonNode spec, EvaluationCompleted evaluation,
    boolean stopped) {

  /** A trial that ran to its end. */
  public EvaluatedTrial(String trialId, int index, JsonNode spec, EvaluationCompleted evaluation) {
    this(trialId, index, spec, evaluation, false);
  }

  /** Validates. */
  public EvaluatedTrial {
    requireNonNull(trialId, "trialId");
    requireNonNull(evaluation, "evaluation");
  }
}
