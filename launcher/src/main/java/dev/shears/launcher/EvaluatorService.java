package dev.shears.launcher;

import dev.shears.evaluator.metrics.WordNetSynonyms;
import dev.shears.evaluator.quality.EvalData;
import dev.shears.evaluator.quality.EvalSettings;
import dev.shears.evaluator.quality.ModelEvaluation;
import dev.shears.evaluator.quality.ModelSource;
import dev.shears.evaluator.quality.QualityMetrics;
import dev.shears.evaluator.quality.SpecEvaluation;
import dev.shears.evaluator.t5.T5ModelSource;
import dev.shears.evaluator.worker.CardRecordingEvaluation;
import dev.shears.evaluator.worker.EvaluatorConfig;
import dev.shears.evaluator.worker.EvaluatorVerticle;
import dev.shears.evaluator.worker.ExportEvaluation;
import dev.shears.evaluator.worker.TrialSpecLog;
import dev.shears.events.Topics;
import dev.shears.ops.ServiceMeters;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One evaluator worker. Each export is evaluated on its own trial's task and eval settings, read from
 * {@code shears.trials}; exports whose trial is unknown fall back to {@link #fallback}.
 */
public final class EvaluatorService implements LocalService {
  /** What {@code shears up} falls back to: the built-in summarisation task, the paper's speed settings. */
  static final String DEFAULT_DATASET = "builtin:synthetic-summarize";

  /** Builds the fallback evaluation over a model source. */
  public interface Fallback {
    ExportEvaluation create(ModelSource source) throws IOException;
  }

  private final String workerId;
  private final Fallback fallback;
  private final int warmupRuns;
  private final int timedRuns;
  private final int exampleLimit;
  private int port;

  /** This service with /health and /metrics on {@code listenPort} (0, the default, picks a free one). */
  public EvaluatorService onPort(int listenPort) {
    this.port = listenPort;
    return this;
  }

  public EvaluatorService(String workerId, Fallback fallback, int warmupRuns, int timedRuns, int exampleLimit) {
    this.workerId = workerId;
    this.fallback = fallback;
    this.warmupRuns = warmupRuns;
    this.timedRuns = timedRuns;
    this.exampleLimit = exampleLimit;
  }

  /** Test examples the evaluator of {@code shears up} scores per dataset (spread over a split read from files). */
  static final int LOCAL_EXAMPLES = 128;

  /** The evaluator of {@code shears up}: batch 32, beam 4, 32 new tokens, 2 warm-up and 5 timed runs. */
  static EvaluatorService local() {
    return local(LOCAL_EXAMPLES);
  }

  /** The evaluator of {@code shears up} scoring at most {@code exampleLimit} test examples (0: the whole split). */
  static EvaluatorService local(int exampleLimit) {
    EvalSettings settings = new EvalSettings(32, 4, 32, 2, 5, List.of("rouge"), false, 0);
    return new EvaluatorService("evaluator-" + ProcessHandle.current().pid(),
        source -> new ModelEvaluation(settings, source, EvalData.open(DEFAULT_DATASET, "input", "target",
            LOCAL_EXAMPLES, 0), new QualityMetrics(settings.metrics(), settings.stem(), WordNetSynonyms::fromClasspath),
            null),
        settings.warmupRuns(), settings.timedRuns(), exampleLimit);
  }

  @Override
  public String name() {
    return "evaluator";
  }

  @Override
  public Future<String> deploy(Vertx vertx, LocalContext context) {
    EvaluatorConfig config = EvaluatorConfig.of(context.bootstrap(), workerId);
    T5ModelSource source = new T5ModelSource();
    ExportEvaluation evaluation;
    try {
      evaluation = new CardRecordingEvaluation(new SpecEvaluation(
          new TrialSpecLog(config.bootstrap(), Topics.TRIALS, config.startupTimeout()), source, fallback.create(source),
          WordNetSynonyms::fromClasspath, warmupRuns, timedRuns, exampleLimit, context.roots().with(context.dataDir())));
    } catch (IOException e) {
      source.close();
      throw new UncheckedIOException("Cannot load the evaluator's fallback data", e);
    }
    EvaluatorVerticle verticle = new EvaluatorVerticle(config, evaluation, ServiceMeters.create("evaluator"),
        context.host(), port, context.roots().with(context.dataDir()), context.liveness());
    return vertx.deployVerticle(verticle)
        .map(id -> verticle.endpoint())
        .onFailure(e -> source.close());
  }
}
