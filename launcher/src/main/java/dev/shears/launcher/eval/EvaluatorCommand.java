package dev.shears.launcher.eval;

import dev.shears.evaluator.metrics.WordNetSynonyms;
import dev.shears.evaluator.quality.SpecEvaluation;
import dev.shears.evaluator.t5.T5ModelSource;
import dev.shears.evaluator.worker.TrialSpecLog;
import dev.shears.events.Topics;
import dev.shears.evaluator.worker.EvaluatorConfig;
import dev.shears.evaluator.worker.EvaluatorVerticle;
import dev.shears.launcher.ConnectionOptions;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shears evaluator --bootstrap HOST:PORT --data …}: runs an evaluator worker until interrupted. It
 * consumes {@code CheckpointWritten{kind=export}} from {@code shears.checkpoints} and writes one
 * {@code EvaluationCompleted} or {@code EvaluationFailed} per (trial, sha256) to {@code shears.evaluations}.
 */
@Command(name = "evaluator", mixinStandardHelpOptions = true,
    description = "Run an evaluator worker: evaluate exported checkpoints against their teachers.")
public final class EvaluatorCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Mixin
  private ConnectionOptions connection;

  @Mixin
  private EvalOptions options;

  @Option(names = "--worker-id", paramLabel = "ID",
      description = "Stable worker id; a restarted worker with the same id fences its predecessor (default: evaluator-HOST).")
  private String workerId;

  @Option(names = "--teacher", paramLabel = "DIR",
      description = "Teacher for exports whose checkpoint event names none.")
  private Path teacher;

  @Override
  public Integer call() throws Exception {
    String id = workerId != null ? workerId : "evaluator-" + InetAddress.getLocalHost().getHostName();
    EvaluatorConfig config = EvaluatorConfig.of(connection.bootstrap(), id);
    Vertx vertx = Vertx.vertx();
    CountDownLatch stopped = new CountDownLatch(1);
    try (T5ModelSource source = new T5ModelSource()) {
      // Each export is evaluated on its trial's task and eval settings (from shears.trials); --data and the
      // options are the fallback for exports whose trial spec is not found.
      SpecEvaluation evaluation = new SpecEvaluation(
          new TrialSpecLog(config.bootstrap(), Topics.TRIALS, config.startupTimeout()), source,
          options.evaluation(source, teacher), WordNetSynonyms::fromClasspath, options.warmup, options.runs,
          options.limit);
      EvaluatorVerticle verticle = new EvaluatorVerticle(config, evaluation);
      String deployment = vertx.deployVerticle(verticle).toCompletionStage().toCompletableFuture()
          .get(config.startupTimeout().toSeconds() + 10, TimeUnit.SECONDS);
      spec.commandLine().getOut().println("evaluator " + id + " consuming from " + config.bootstrap());
      spec.commandLine().getOut().flush();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          vertx.undeploy(deployment).toCompletionStage().toCompletableFuture().get(40, TimeUnit.SECONDS);
          vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
          spec.commandLine().getErr().println("evaluator " + id + " did not stop cleanly: " + e);
        } finally {
          stopped.countDown();
        }
      }, "shears-evaluator-shutdown"));
      stopped.await();
    }
    return 0;
  }
}
