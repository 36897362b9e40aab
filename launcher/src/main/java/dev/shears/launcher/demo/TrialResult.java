package dev.shears.launcher.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shears.events.EvaluationCompleted;
import dev.shears.report.TrialState;
import dev.shears.spec.InvalidSpecException;
import dev.shears.spec.MethodSpec;
import dev.shears.spec.PruningMethods;
import dev.shears.spec.SweepParams;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One trial of an experiment as the orchestrator reports it: what it ran and, once evaluated, how it scored.
 *
 * @param trialId         the trial
 * @param state           its state (PENDING … SUCCEEDED | FAILED | CANCELLED | STOPPED)
 * @param stage           the stage it is in, or null
 * @param attempt         its attempt (1 unless it was requeued)
 * @param methodSpec      the method and its settings
 * @param reason          why it failed, or null
 * @param evaluation      its evaluation, or null before one arrived
 */
public record TrialResult(String trialId, String state, String stage, int attempt, MethodSpec methodSpec,
    String reason, EvaluationCompleted evaluation) {

  /** The method's name. */
  public String method() {
    return methodSpec.method().name();
  }

  /** Decoder layers kept, for methods that choose them up front (0 otherwise). */
  public int decoderLayers() {
    return methodSpec instanceof MethodSpec.DecoderSelection d ? d.decoderLayers() : 0;
  }

  /** The method's sparsity target. */
  public double targetSparsity() {
    return methodSpec.targetSparsity();
  }

  /** Whether the trial reached a final state. */
  public boolean terminal() {
    return TrialState.parse(state).terminal();
  }

  /** A row label in the paper's style, from the method registry: NASH-3 (encoder sparsity 0.3), … */
  public String label() {
    return methodSpec.description();
  }

  /** The quality metric retained against the teacher, in percent (NaN without an evaluation). */
  public double retainedPercent(String metric) {
    if (evaluation == null) {
      return Double.NaN;
    }
    double teacher = evaluation.teacherMetrics().getOrDefault(metric, 0.0);
    return teacher > 0 ? 100 * evaluation.metrics().getOrDefault(metric, 0.0) / teacher : Double.NaN;
  }

  /**
   * Reads one trial of {@code GET /api/experiments/{id}}: a swept field from the trial's {@code params}, any other
   * from the experiment's spec.
   */
  static TrialResult of(JsonNode trial, JsonNode experimentSpec, EvaluationCompleted evaluation) {
    Map<String, JsonNode> params = new LinkedHashMap<>();
    trial.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue()));
    MethodSpec method;
    try {
      method = PruningMethods.methodOf(SweepParams.apply(experimentSpec, params));
    } catch (InvalidSpecException e) {
      throw new IllegalArgumentException("Trial " + trial.path("trialId").asText() + " has no readable method: "
          + e.problems(), e);
    }
    return new TrialResult(trial.path("trialId").asText(), trial.path("state").asText(), text(trial, "stage"),
        trial.path("attempt").asInt(1), method, text(trial, "reason"), evaluation);
  }

  private static String text(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asText() : null;
  }
}
