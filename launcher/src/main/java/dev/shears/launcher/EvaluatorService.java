package dev.shears.launcher;

import dev.shears.evaluator.metrics.WordNetSynonyms;
import dev.shears.evaluator.quality.EvalData;
import dev.shears.evaluator.quality.EvalSettings;
import dev.shears.evaluator.quality.ModelEvaluation;
import dev.shears.evaluator.quality.QualityMetrics;
import dev.shears.evaluator.t5.T5ModelSource;
import dev.shears.evaluator.worker.EvaluatorConfig;
import dev.shears.evaluator.worker.EvaluatorVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One evaluator worker as an in-process service of {@code shears up}, evaluating exports on the built-in
 * summarisation task's test split with the paper's speed settings (batch 32, beam 4, every decoding step).
 */
final class EvaluatorService implements LocalService {
  static final String DATASET = "builtin:synthetic-summarize";
  private static final int EXAMPLES = 128;

  @Override
  public String name() {
    return "evaluator";
  }

  @Override
  public Future<String> deploy(Vertx vertx, LocalContext context) {
    EvalSettings settings = new EvalSettings(32, 4, 32, 2, 5, List.of("rouge"), false, 0);
    ModelEvaluation evaluation;
    try {
      evaluation = new ModelEvaluation(settings, new T5ModelSource(),
          EvalData.open(DATASET, "input", "target", EXAMPLES, 0),
          new QualityMetrics(settings.metrics(), settings.stem(), WordNetSynonyms::fromClasspath), null);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot load the evaluation data " + DATASET, e);
    }
    EvaluatorVerticle verticle = new EvaluatorVerticle(
        EvaluatorConfig.of(context.bootstrap(), "evaluator-" + ProcessHandle.current().pid()), evaluation);
    return vertx.deployVerticle(verticle).map(id -> (String) null);
  }
}
