package dev.shears.events;

import static java.util.Objects.requireNonNull;

/**
 * A trial's validation result at a rung of its experiment's early-stopping schedule ({@code search:}). It travels
 * on {@code shears.trials}, not {@code shears.telemetry}: the orchestrator's early-stopping decisions are a function
 * of these results in log order, so they belong to the log it replays (a few per trial, unlike per-step telemetry).
 *
 * @param step the trial's step counted over its student stages (prune and fine-tune), the unit of {@code search:}
 * @param stage the stage that ran the step
 * @param validationLoss mean label cross-entropy on the fixed validation subset
 * @param rougeL ROUGE-L F1 on the same subset, when measured
 */
public record ValidationEvent(
    long step,
    String stage,
    double validationLoss,
    @Optional Double rougeL)
    implements TrialEvent {
  public ValidationEvent {
    requireNonNull(stage, "stage");
  }
}
