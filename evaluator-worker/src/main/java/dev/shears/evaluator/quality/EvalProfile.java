package dev.shears.evaluator.quality;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shears.evaluator.speed.TimingStop;
import dev.shears.spec.EvalSpec;
import dev.shears.spec.ExperimentSpec;
import dev.shears.spec.InvalidSpecException;
import dev.shears.spec.SpecProblem;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

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
   * The profile of a resolved trial spec, read through the typed spec (absent fields take the paper's values:
   * beam 4, batch 32, 32 new tokens, the metric {@code rouge}), with the given warm-up and timed runs.
   *
   * @throws IllegalArgumentException naming every spec field that is missing or wrong
   */
  public static EvalProfile of(JsonNode spec, int warmupRuns, int timedRuns, long seed) {
    try {
      return of(ExperimentSpec.parse(spec), warmupRuns, timedRuns, seed);
    } catch (InvalidSpecException e) {
      throw new IllegalArgumentException("Invalid trial spec: " + e.problems().stream().map(SpecProblem::toString)
          .collect(Collectors.joining("; ")), e);
    }
  }

  /** The profile of a typed spec. */
  public static EvalProfile of(ExperimentSpec spec, int warmupRuns, int timedRuns, long seed) {
    String metric = spec.task().metric().toLowerCase(Locale.ROOT);
    List<String> families = switch (metric) {
      case "rouge" -> List.of("rouge");
      case "meteor" -> List.of("meteor", "rouge");
      case "em", "f1", "squad" -> List.of("squad");
      case "accuracy" -> List.of("accuracy");
      default -> throw new IllegalArgumentException("Invalid value " + metric
          + " for task.metric: expected rouge, meteor, em, f1, squad or accuracy");
    };
    EvalSpec eval = spec.eval();
    EvalSettings settings = new EvalSettings(eval.batchSize(), eval.beam(), eval.maxNewTokens(), warmupRuns,
        timedRuns, families, eval.stem(), seed, new TimingStop(eval.maxTimingRounds(), eval.speedupPrecision()));
    return new EvalProfile(spec.task().dataset(), spec.task().inputField(), spec.task().targetField(), settings,
        spec.teacher().builtin() ? null : spec.teacher().model());
  }

  /** This profile with its dataset and teacher paths replaced (by the paths this worker resolved them to). */
  public EvalProfile withPaths(String dataset, String teacher) {
    return new EvalProfile(dataset, inputField, targetField, settings, teacher);
  }
}
