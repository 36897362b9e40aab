package dev.shears.evaluator.report;

import static java.util.Objects.requireNonNull;

import dev.shears.events.EvaluationCompleted;
import java.util.Map;

/**
 * One evaluated model, as the report needs it.
 *
 * @param label            the row label (trial id, or a name such as "NASH (3 decoder layers)")
 * @param metrics          quality metrics as fractions in [0, 1] (rougeL, meteor, …)
 * @param teacherMetrics   the teacher's metrics on the same data
 * @param latencyMs        median generation latency per batch
 * @param teacherLatencyMs the teacher's median latency per batch
 * @param speedup          teacher latency / model latency
 * @param params           parameters of the model
 * @param teacherParams    parameters of the teacher
 * @param encoderSparsity  fraction of the teacher's prunable encoder weights removed
 */
public record ModelResult(String label, Map<String, Double> metrics, Map<String, Double> teacherMetrics,
    double latencyMs, double teacherLatencyMs, double speedup, long params, long teacherParams,
    double encoderSparsity) {

  /** Validates and copies. */
  public ModelResult {
    requireNonNull(label, "label");
    metrics = Map.copyOf(requireNonNull(metrics, "metrics"));
    teacherMetrics = Map.copyOf(requireNonNull(teacherMetrics, "teacherMetrics"));
    if (!(speedup > 0)) {
      throw new IllegalArgumentException("Invalid speedup " + speedup + " for " + label + ": must be > 0");
    }
  }

  /** The result carried by an {@code EvaluationCompleted} event. */
  public static ModelResult of(String label, EvaluationCompleted e) {
    return new ModelResult(label, e.metrics(), e.teacherMetrics(), e.latencyMs(), e.teacherLatencyMs(),
        e.speedup(), e.params(), e.teacherParams(), e.encoderSparsity());
  }
}
