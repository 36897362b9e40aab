package dev.shears.events;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * Quality and measured speed of an exported model against its teacher.
 *
 * <p>{@code teacherDifference} and {@code speedupInterval} were added after schema version 1's first
 * release; both are optional, so events written before them still decode (as null) and readers built
 * before them ignore them.
 *
 * @param teacherDifference per metric, the model's mean minus the teacher's on the same examples, with a 95 %
 *                          paired-bootstrap interval (the same resampled examples for both models)
 * @param speedupInterval   the speed-up with a 95 % bootstrap interval over the interleaved timing rounds
 */
public record EvaluationCompleted(
    String sha256,
    String uri,
    Map<String, Double> metrics,
    Map<String, Double> teacherMetrics,
    double latencyMs,
    double teacherLatencyMs,
    double speedup,
    long params,
    long teacherParams,
    double encoderSparsity,
    @Optional Map<String, Double> extra,
    @Optional Map<String, ConfidenceInterval> teacherDifference,
    @Optional ConfidenceInterval speedupInterval)
    implements EvaluationEvent {
  public EvaluationCompleted {
    requireNonNull(sha256, "sha256");
    requireNonNull(uri, "uri");
    metrics = Map.copyOf(requireNonNull(metrics, "metrics"));
    teacherMetrics = Map.copyOf(requireNonNull(teacherMetrics, "teacherMetrics"));
    extra = extra == null ? null : Map.copyOf(extra);
    teacherDifference = teacherDifference == null ? null : Map.copyOf(teacherDifference);
  }

  /** An evaluation without intervals (as written before they existed). */
  public EvaluationCompleted(String sha256, String uri, Map<String, Double> metrics, Map<String, Double> teacherMetrics,
      double latencyMs, double teacherLatencyMs, double speedup, long params, long teacherParams,
      double encoderSparsity, Map<String, Double> extra) {
    this(sha256, uri, metrics, teacherMetrics, latencyMs, teacherLatencyMs, speedup, params, teacherParams,
        encoderSparsity, extra, null, null);
  }
}
