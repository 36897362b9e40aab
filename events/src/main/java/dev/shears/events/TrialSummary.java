package dev.shears.events;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a finished trial's pages need once its telemetry is gone: its telemetry curves downsampled (loss
 * components, Lagrangian multipliers, sparsity, and the gate heatmaps, whose last row is the masks' last state)
 * and its final metrics. Written by the history-writing dashboard when a trial ends and again when its
 * evaluation arrives; compaction keeps the newest. Validation results and stages are not repeated here: they
 * live on {@code shears.trials}, which is never deleted.
 *
 * @param state the trial's terminal state when summarised (SUCCEEDED, FAILED, CANCELLED or STOPPED)
 * @param telemetryEvents the telemetry events the curves were made from
 * @param curves the downsampled series
 * @param evaluation the trial's evaluation, when it had one
 * @param evaluationError why its evaluation failed, when it did
 */
public record TrialSummary(
    String state,
    long telemetryEvents,
    List<CurveSummary> curves,
    @Optional EvaluationCompleted evaluation,
    @Optional String evaluationError)
    implements HistoryEvent {
  public TrialSummary {
    requireNonNull(state, "state");
    curves = List.copyOf(requireNonNull(curves, "curves"));
    if (telemetryEvents < 0) {
      throw new IllegalArgumentException("telemetryEvents must be >= 0, was " + telemetryEvents);
    }
  }
}
