package dev.shears.dashboard.state;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shears.report.TrialState;
import java.time.Instant;
import java.util.Map;

/**
 * One line of an experiment's trial table: state, stage, step, latest loss, sparsity and evaluation metrics.
 * Nullable components are absent until the event that carries them arrives. {@code swept} holds the trial's value of
 * each field its experiment sweeps, keyed by dotted path ({@code nash.decoderLayers}); empty when nothing is swept.
 */
public record TrialRow(
    String trialId,
    String experimentId,
    int index,
    String label,
    Map<String, JsonNode> swept,
    TrialState state,
    int attempt,
    String workerId,
    String stage,
    Long step,
    Double loss,
    Double expectedSparsity,
    Double target,
    Map<String, Double> metrics,
    Double speedup,
    Long params,
    String reason,
    Instant updatedAt) {}
