package dev.shears.evaluator.quality;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shears.evaluator.metrics.WordNetSynonyms;
import dev.shears.evaluator.worker.EvaluationException;
import dev.shears.evaluator.worker.ExportEvaluation;
import dev.shears.events.CheckpointWritten;
import dev.shears.events.Envelope;
import dev.shears.events.EvaluationCompleted;
import dev.shears.events.PathRoots;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Evaluates each export on its own trial's task and {@code eval} settings (see {@link EvalProfile}),
 * looked up by trial id; exports of trials whose spec is unknown use the fallback evaluation. One
 * {@link ModelEvaluation} per distinct profile, kept for the worker's lifetime. Single-threaded (the worker's).
 */
public final class SpecEvaluation implements ExportEvaluation {

  /** The seed the trainer generates and splits datasets with, so the test split here is the trainer's. */
  static final long TRAINER_DATA_SEED = 0;

  private final Function<String, Optional<JsonNode>> trialSpecs;
  private final ModelSource source;
  private final ExportEvaluation fallback;
  private final Supplier<WordNetSynonyms> wordNet;
  private final int warmupRuns;
  private final int timedRuns;
  private final int exampleLimit;
  private final Map<EvalProfile, ModelEvaluation> evaluations = new HashMap<>();
  private final PathRoots roots;

  /**
   * An evaluation driven by trial specs.
   *
   * @param trialSpecs   trial id → resolved spec, when known
   * @param source       loads model directories
   * @param fallback     for exports whose trial spec is unknown
   * @param wordNet      WordNet for METEOR, loaded on first use
   * @param warmupRuns   untimed runs per model
   * @param timedRuns    timed runs per model
   * @param exampleLimit at most this many test examples per dataset (0 = all)
   */
  public SpecEvaluation(Function<String, Optional<JsonNode>> trialSpecs, ModelSource source,
      ExportEvaluation fallback, Supplier<WordNetSynonyms> wordNet, int warmupRuns, int timedRuns, int exampleLimit) {
    this(trialSpecs, source, fallback, wordNet, warmupRuns, timedRuns, exampleLimit, null);
  }

  /**
   * As the other constructor, refusing trials whose {@code task.dataset} or {@code teacher.model} lie outside
   * {@code roots} (null: no check): the specs come from Kafka, so this worker checks them against its own roots.
   */
  public SpecEvaluation(Function<String, Optional<JsonNode>> trialSpecs, ModelSource source,
      ExportEvaluation fallback, Supplier<WordNetSynonyms> wordNet, int warmupRuns, int timedRuns, int exampleLimit,
      PathRoots roots) {
    this.roots = roots;
    this.trialSpecs = trialSpecs;
    this.source = source;
    this.fallback = fallback;
    this.wordNet = wordNet;
    this.warmupRuns = warmupRuns;
    this.timedRuns = timedRuns;
    this.exampleLimit = exampleLimit;
  }

  @Override
  public EvaluationCompleted evaluate(CheckpointWritten checkpoint, Path exportDir) {
    return fallback.evaluate(checkpoint, exportDir);
  }

  @Override
  public EvaluationCompleted evaluate(Envelope source, CheckpointWritten checkpoint, Path exportDir) {
    Optional<JsonNode> spec = source.trialId() == null ? Optional.empty() : trialSpecs.apply(source.trialId());
    if (spec.isEmpty()) {
      return fallback.evaluate(source, checkpoint, exportDir);
    }
    EvalProfile profile;
    try {
      profile = EvalProfile.of(spec.get(), warmupRuns, timedRuns, 0);
    } catch (IllegalArgumentException e) {
      throw new EvaluationException("Trial " + source.trialId() + ": " + e.getMessage(), e);
    }
    profile = profile.withPaths(confine(source.trialId(), "task.dataset", PathRoots.DATA, profile.dataset()),
        confine(source.trialId(), "teacher.model", PathRoots.MODEL, profile.teacher()));
    return evaluationFor(profile).evaluate(checkpoint, exportDir);
  }

  /** The path as this worker resolves it (the orchestrator's rule), or an error naming the field. */
  private String confine(String trialId, String field, String kind, String path) {
    if (roots == null || path == null || path.startsWith("builtin:")) {
      return path;
    }
    try {
      return roots.resolve(kind, path).toString();
    } catch (IllegalArgumentException e) {
      throw new EvaluationException("Trial " + trialId + ": " + field + " refused by this worker: " + e.getMessage(),
          e);
    }
  }

  private ModelEvaluation evaluationFor(EvalProfile profile) {
    ModelEvaluation evaluation = evaluations.get(profile);
    if (evaluation == null) {
      try {
        evaluation = new ModelEvaluation(profile.settings(), source,
            EvalData.testSplit(profile.dataset(), profile.inputField(), profile.targetField(), exampleLimit,
                TRAINER_DATA_SEED),
            new QualityMetrics(profile.settings().metrics(), profile.settings().stem(), wordNet),
            profile.teacher() == null ? null : Path.of(profile.teacher()));
      } catch (RuntimeException e) {
        throw new EvaluationException("task.dataset " + profile.dataset() + " cannot be read: " + e.getMessage(), e);
      }
      evaluations.put(profile, evaluation);
    }
    return evaluation;
  }
}
