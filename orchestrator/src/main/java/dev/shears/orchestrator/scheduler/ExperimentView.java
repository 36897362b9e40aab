package dev.shears.orchestrator.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of one experiment.
 *
 * @param experimentId the experiment
 * @param name its name
 * @param idempotencyKey its idempotency key, or null
 * @param state whether it is being scheduled
 * @param weight its fair-share weight
 * @param maxConcurrentTrials its concurrency cap
 * @param trialCount trials it expands to
 * @param counts trials per state
 * @param trialIds its trials in index order
 * @param spec the spec as submitted
 * @param submittedAt when it was submitted
 */
public record ExperimentView(
    String experimentId,
    String name,
    String idempotencyKey,
    ExperimentState state,
    double weight,
    int maxConcurrentTrials,
    int trialCount,
    Map<TrialState, Integer> counts,
    List<String> trialIds,
    JsonNode spec,
    Instant submittedAt) {}
