package dev.shears.launcher.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shears.events.EvaluationCompleted;
import java.util.Locale;

/**
 * One trial of an experiment as the orchestrator reports it: what it ran and, once evaluated, how it scored.
 *
 * @param trialId         the trial
 * @param state           its state (PENDING … SUCCEEDED | FAILED | CANCELLED)
 * @param stage           the stage it is in, or null
 * @param attempt         its attempt (1 unless it was requeued)
 * @param method          nash | cofi | uniform-only | distill-small
 * @param decoderLayers   decoder layers kept (nash.decoderLayers)
 * @param targetSparsity  the sparsity target (nash.encoderSparsity; the whole model's for cofi)
 * @param reason          why it failed, or null
 * @param evaluation      its evaluation, or null before one arrived
 */
public record TrialResult(String trialId, String state, String stage, int attempt, String method, int decoderLayers, double targetSparsity,
    String reason, EvaluationCompleted evaluation) {

  /** Whether the trial reached a final state. */
  public boolean terminal() {
    return state.equals("SUCCEEDED") || state.equals("FAILED") || state.equals("CANCELLED");
  }

  /** A row label in the paper's style: NASH-3 (encoder 0.3), CoFi-T5 (0.7), … */
  public String label() {
    return switch (method) {
      case "nash" -> String.format(Locale.ROOT, "NASH-%d (encoder sparsity %.1f)", decoderLayers, targetSparsity);
      case "cofi" -> String.format(Locale.ROOT, "CoFi-T5 (model sparsity %.1f)", targetSparsity);
      case "uniform-only" -> String.format(Locale.ROOT, "uniform-only-%d (no encoder pruning)", decoderLayers);
      case "distill-small" -> String.format(Locale.ROOT, "distill-small-%d (d_ff -%.0f%%)", decoderLayers,
          100 * targetSparsity);
      default -> method + " " + trialId;
    };
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
    JsonNode params = trial.path("params");
    return new TrialResult(trial.path("trialId").asText(), trial.path("state").asText(), text(trial, "stage"),
        trial.path("attempt").asInt(1), field(params, experimentSpec, "method", "/method").asText("nash"),
        field(params, experimentSpec, "nash.decoderLayers", "/nash/decoderLayers").asInt(3),
        field(params, experimentSpec, "nash.encoderSparsity", "/nash/encoderSparsity").asDouble(0.3),
        text(trial, "reason"), evaluation);
  }

  private static JsonNode field(JsonNode params, JsonNode spec, String param, String pointer) {
    JsonNode swept = params.path(param);
    return swept.isValueNode() ? swept : spec.at(pointer);
  }

  private static String text(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asText() : null;
  }
}
