package dev.shears.evaluator.report;

import java.util.Map;

/**
 * One row of the Table-1 report.
 *
 * @param label           model label
 * @param teacher         whether this is the unpruned teacher
 * @param metrics         metrics as fractions in [0, 1]
 * @param retainedPercent the primary metric as a percentage of the teacher's (100 for the teacher)
 * @param speedup         latency speed-up over the teacher
 * @param latencyMs       median latency per batch
 * @param params          parameter count
 * @param encoderSparsity encoder sparsity (0 for the teacher)
 * @param paretoOptimal   on the quality/speed-up Pareto front
 */
public record ReportRow(String label, boolean teacher, Map<String, Double> metrics, double retainedPercent,
    double speedup, double latencyMs, long params, double encoderSparsity, boolean paretoOptimal) {

  /** Copies. */
  public ReportRow {
    metrics = Map.copyOf(metrics);
  }
}
