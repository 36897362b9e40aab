package dev.shears.evaluator.worker;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The evaluator service: runs an {@link EvaluatorWorker} on its own thread (Kafka polling and model
 * compute block; no event loop does either). Deployment completes once the worker consumes.
 */
public final class EvaluatorVerticle extends VerticleBase {

  private final EvaluatorConfig config;
  private final ExportEvaluation evaluation;
  private final EvaluatorMetrics metrics;
  private ExecutorService pool;
  private EvaluatorWorker worker;

  /** A verticle for one worker, without meters. */
  public EvaluatorVerticle(EvaluatorConfig config, ExportEvaluation evaluation) {
    this(config, evaluation, new EvaluatorMetrics());
  }

  /** A verticle for one worker recording into {@code metrics} (bind it to the service's registry). */
  public EvaluatorVerticle(EvaluatorConfig config, ExportEvaluation evaluation, EvaluatorMetrics metrics) {
    this.config = config;
    this.evaluation = evaluation;
    this.metrics = metrics;
  }

  /** The running worker (null before start). */
  public EvaluatorWorker worker() {
    return worker;
  }

  @Override
  public Future<?> start() {
    pool = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "shears-evaluator-" + config.workerId());
      t.setDaemon(true);
      return t;
    });
    worker = new EvaluatorWorker(config, evaluation, new CheckpointVerifier(), Clock.systemUTC(), metrics);
    pool.execute(worker);
    return Future.fromCompletionStage(worker.readiness(), context).timeout(config.startupTimeout().toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public Future<?> stop() {
    worker.stop();
    return vertx.executeBlocking(() -> {
      pool.shutdown();
      if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
        pool.shutdownNow();
      }
      return null;
    });
  }
}
