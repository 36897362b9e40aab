package dev.shears.report;

import static java.util.Objects.requireNonNull;

import dev.shears.events.ConfidenceInterval;
import dev.shears.events.EvaluationCompleted;
import java.util.Map;

/**
 * One evaluated model, as the report needs it.
 *
 * @param label             the row label (unique in a report)
 * @param trialId           the trial, or null (a model evaluated outside an experiment)
 * @param arm               the seed arm it belongs to (rows equal but for the seed share it), or null
 * @param metrics           quality metrics as fractions in [0, 1] (rougeL, meteor, …)
 * @param teacherMetrics    the teacher's metrics on the same data
 * @param latencyMs         median generation latency per batch
 * @param teacherLatencyMs  the teacher's median latency per batch
 * @param speedup           teacher latency / model latency
 * @param params            parameters of the model
 * @param teacherParams     parameters of the teacher
 * @param encoderSparsity   measured fraction of the teacher's prunable encoder weights removed
 * @param modelSparsity     measured fraction of the teacher's prunable encoder and decoder weights removed (what
 *                          CoFi's whole-model target counts), NaN when the evaluation did not measure it
 * @param target            the sparsity target it had to reach, or null when it had none
 * @param achievedSparsity  the sparsity of the target's scope measured on its weights (NaN when unknown or no target)
 * @param teacherDifference per metric, model minus teacher with a paired-bootstrap interval; may be empty
 * @param speedupInterval   the speed-up's interval, or null
 * @param control           whether it is a control trained like the students but not pruned (teacher-continued)
 * @param measurement       how it was evaluated (examples, decoding, timing rounds)
 */
public record ModelResult(String label, String trialId, String arm, Map<String, Double> metrics,
    Map<String, Double> teacherMetrics, double latencyMs, double teacherLatencyMs, double speedup, long params,
    long teacherParams, double encoderSparsity, double modelSparsity, SparsityTarget target, double achievedSparsity,
    Map<String, ConfidenceInterval> teacherDifference,
    ConfidenceInterval speedupInterval, boolean control, Measurement measurement) {

  /** How far measured sparsity may fall from the target before the row is flagged ({@link SparsityTarget}). */
  public static final double SPARSITY_TOLERANCE = SparsityTarget.TOLERANCE;

  /** Validates and copies. */
  public ModelResult {
    requireNonNull(label, "label");
    metrics = Map.copyOf(requireNonNull(metrics, "metrics"));
    teacherMetrics = Map.copyOf(requireNonNull(teacherMetrics, "teacherMetrics"));
    teacherDifference = teacherDifference == null ? Map.of() : Map.copyOf(teacherDifference);
    measurement = measurement == null ? Measurement.UNKNOWN : measurement;
    if (!(speedup > 0)) {
      throw new IllegalArgumentException("Invalid speedup " + speedup + " for " + label + ": must be > 0");
    }
  }

  /** A model without trial, arm, target, whole-model sparsity or intervals. */
  public ModelResult(String label, Map<String, Double> metrics, Map<String, Double> teacherMetrics, double latencyMs,
      double teacherLatencyMs, double speedup, long params, long teacherParams, double encoderSparsity) {
    this(label, null, null, metrics, teacherMetrics, latencyMs, teacherLatencyMs, speedup, params, teacherParams,
        encoderSparsity, Double.NaN, null, Double.NaN, Map.of(), null, false, Measurement.UNKNOWN);
  }

  /** The result carried by an {@code EvaluationCompleted} event. */
  public static ModelResult of(String label, String trialId, String arm, SparsityTarget target, boolean control,
      EvaluationCompleted e) {
    return new ModelResult(label, trialId, arm, e.metrics(), e.teacherMetrics(), e.latencyMs(), e.teacherLatencyMs(),
        e.speedup(), e.params(), e.teacherParams(), e.encoderSparsity(), SparsityTarget.modelSparsity(e), target,
        target == null ? Double.NaN : target.achieved(e), e.teacherDifference(), e.speedupInterval(), control,
        Measurement.of(e));
  }

  /** Whether the measured sparsity misses its target by more than {@link #SPARSITY_TOLERANCE}. */
  public boolean missedTarget() {
    return target != null && target.missed(achievedSparsity);
  }

  /** The target's value, or null when it had none. */
  public Double targetSparsity() {
    return target == null ? null : target.target();
  }
}
