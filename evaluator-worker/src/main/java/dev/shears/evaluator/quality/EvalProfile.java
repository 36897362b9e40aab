package dev.shears.evaluator.quality;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/**
 * What one trial's exports are evaluated on, read from its resolved spec: {@code task.dataset},
 * {@code task.inputField}/{@code targetField}, {@code task.metric} and the {@code eval} block
 * ({@code beam}, {@code batchSize}, {@code maxNewTokens}, {@code stem}). Equal profiles share one
 * {@link ModelEvaluation} (and so its cached teacher metrics).
 *
 * @param dataset     dataset reference (builtin:… or a path)
 * @param inputField  JSONL input field
 * @param targetField JSONL target field
 * @param settings    measurement settings
 * @param teacher     {@code teacher.model} when it is a directory (used when the checkpoint names no teacher),
 *                    else null
 */
public record EvalProfile(String dataset, String inputField, String targetField, EvalSettings settings,
    String teacher) {

  /**
   * The profile of a resolved trial spec; absent fields take the paper's values (beam 4, batch 32,
   * 32 new tokens), the metric {@code rouge}, and the given warm-up and timed runs.
   *
   * @throws IllegalArgumentException naming the spec field that is missing or wrong
   */
  public static EvalProfile of(JsonNode spec, int warmupRuns, int timedRuns, long seed) {
    JsonNode task = spec.path("task");
    if (!task.path("dataset").isTextual()) {
      throw new IllegalArgumentException("Trial spec has no task.dataset to evaluate on");
    }
    JsonNode eval = spec.path("eval");
    String metric = task.path("metric").asText("rouge").toLowerCase(Locale.ROOT);
    List<String> families = switch (metric) {
      case "rouge" -> List.of("rouge");
      case "meteor" -> List.of("meteor", "rouge");
      case "em", "f1", "squad" -> List.of("squad");
      case "accuracy" -> List.of("accuracy");
      default -> throw new IllegalArgumentException("Invalid value " + metric
          + " for task.metric: expected rouge, meteor, em, f1, squad or accuracy");
    };
    EvalSettings settings = new EvalSettings(eval.path("batchSize").asInt(32), eval.path("beam").asInt(4),
        eval.path("maxNewTokens").asInt(32), warmupRuns, timedRuns, families, eval.path("stem").asBoolean(false), seed);
    String teacher = spec.path("teacher").path("model").asText(null);
    return new EvalProfile(task.path("dataset").asText(), task.path("inputField").asText("input"),
        task.path("targetField").asText("target"), settings,
        teacher == null || teacher.startsWith("builtin:") ? null : teacher);
  }
}
