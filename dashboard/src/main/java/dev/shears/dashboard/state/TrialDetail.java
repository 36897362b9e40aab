package dev.shears.dashboard.state;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shears.events.EvaluationCompleted;
import java.util.List;

/**
 * Everything the trial page shows besides the charts: its table row, resolved spec, stage timeline, newest
 * checkpoints, evaluation (or why it failed) and the shape of the encoder head-gate heatmap.
 * {@code historyEvicted} is true when the trial's older telemetry was dropped to bound memory.
 */
public record TrialDetail(
    TrialRow row,
    JsonNode spec,
    List<StageSpan> stages,
    List<CheckpointView> checkpoints,
    EvaluationCompleted evaluation,
    String evaluationError,
    int layers,
    int headsPerLayer,
    boolean historyEvicted) {}
