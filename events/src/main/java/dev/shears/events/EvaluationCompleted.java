package dev.shears.events;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/** Quality and measured speed of an exported model against its teacher. */
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
    @Optional Map<String, Double> extra)
    implements EvaluationEvent {
  public EvaluationCompleted {
    requireNonNull(sha256, "sha256");
    requireNonNull(uri, "uri");
    metrics = Map.copyOf(requireNonNull(metrics, "metrics"));
    teacherMetrics = Map.copyOf(requireNonNull(teacherMetrics, "teacherMetrics"));
    extra = extra == null ? null : Map.copyOf(extra);
  }
}
