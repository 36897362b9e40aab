package dev.shears.report;

import dev.shears.events.ConfidenceInterval;
import dev.shears.report.stats.Verdict;
import java.util.Map;

/**
 * One row of the Table-1 report.
 *
 * @param label             model label; a model that missed its sparsity target shows its measured sparsity
 * @param trialId           the trial, or null for the teacher and models evaluated outside an experiment
 * @param arm               the seed arm, or null
 * @param teacher           whether this is the unpruned teacher
 * @param metrics           metrics as fractions in [0, 1]
 * @param quality           the primary metric (NaN when the model lacks it)
 * @param retainedPercent   the primary metric as a percentage of the teacher's (100 for the teacher)
 * @param difference        the primary metric minus the teacher's, with its 95 % paired-bootstrap interval, or null
 * @param retainedInterval  {@code difference} as retained percent (low, high), or null
 * @param speedup           latency speed-up over the teacher
 * @param speedupInterval   its 95 % interval, or null
 * @param latencyMs         median latency per batch
 * @param params            parameter count
 * @param paramsPercent     the parameter count as a percentage of the teacher's (100 for the teacher)
 * @param encoderSparsity   measured encoder sparsity (0 for the teacher)
 * @param modelSparsity     measured sparsity of the prunable weights of encoder and decoder together, what CoFi's
 *                          whole-model target counts (0 for the teacher; NaN when the evaluation lacks it)
 * @param targetSparsity    the sparsity target, or null
 * @param missedTarget      whether the measured sparsity misses the target by more than 0.02
 * @param targetScope       what the target is a sparsity of ({@code encoder} or {@code model}), or null
 * @param achievedSparsity  that sparsity measured on the weights (NaN when unknown or without target)
 * @param paretoOptimal     on the quality/speed-up Pareto front
 * @param claim             the claim rule's verdict (null for the teacher and a control)
 * @param control           a control trained like the students but not pruned (teacher-continued)
 * @param measurement       how it was evaluated (examples, decoding; timing rounds, 0 for the teacher)
 */
public record ReportRow(String label, String trialId, String arm, boolean teacher, Map<String, Double> metrics,
    double quality, double retainedPercent, ConfidenceInterval difference, ConfidenceInterval retainedInterval,
    double speedup, ConfidenceInterval speedupInterval, double latencyMs, long params, double paramsPercent,
    double encoderSparsity, double modelSparsity, Double targetSparsity, boolean missedTarget, String targetScope,
    double achievedSparsity, boolean paretoOptimal, Verdict claim, boolean control, Measurement measurement) {

  /** Copies. */
  public ReportRow {
    metrics = Map.copyOf(metrics);
  }
}
