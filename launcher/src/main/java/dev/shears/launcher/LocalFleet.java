package dev.shears.launcher;

import dev.shears.broker.KafkaBroker;
import dev.shears.evaluator.metrics.WordNetSynonyms;
import dev.shears.evaluator.quality.EvalData;
import dev.shears.evaluator.quality.EvalSettings;
import dev.shears.evaluator.quality.ModelEvaluation;
import dev.shears.evaluator.quality.QualityMetrics;
import dev.shears.events.PathRoots;
import dev.shears.events.Topics;
import dev.shears.ops.Liveness;
import dev.shears.orchestrator.OrchestratorClient;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An orchestrator, CPU trainers and an evaluator wired to a running broker as {@code shears up} wires them, in one
 * Vert.x of this process: what a benchmark or test that follows whole sweeps to their evaluations runs on. A loop
 * that dies marks its service unhealthy instead of ending the process.
 */
public final class LocalFleet implements AutoCloseable {
  private final Vertx vertx;
  private final LocalContext context;

  private LocalFleet(Vertx vertx, LocalContext context) {
    this.vertx = vertx;
    this.context = context;
  }

  /**
   * What the fleet's evaluator measures on each export: its quality settings and example limit, and the timing
   * rounds of its speed-up.
   */
  public record Evaluation(EvalSettings settings, int examples) {}

  /**
   * Creates the topics on {@code broker} (one replica) and deploys the services; checkpoints and exports go under
   * {@code dir}.
   *
   * @param trainers how many CPU trainers (each trains one trial at a time)
   */
  public static LocalFleet start(KafkaBroker broker, Path dir, int trainers, Evaluation evaluation) {
    return start(broker, dir, trainers, evaluation, PathRoots.under(Path.of("")));
  }

  /** As {@link #start(KafkaBroker, Path, int, Evaluation)}, accepting spec paths under {@code roots}. */
  public static LocalFleet start(KafkaBroker broker, Path dir, int trainers, Evaluation evaluation, PathRoots roots) {
    broker.createTopics(Topics.CATALOGUE.stream().map(t -> LocalStack.newTopic(t.forCluster(1))).toList());
    Vertx vertx = Vertx.vertx(new VertxOptions().setBlockedThreadCheckInterval(2)
        .setBlockedThreadCheckIntervalUnit(TimeUnit.SECONDS));
    LocalContext context = new LocalContext(broker.bootstrapServers(), newToken(), dir, "127.0.0.1", 0, 0, Map.of(),
        roots).withLoopDeath(Liveness.LoopDeath.UNHEALTHY_ONLY);
    List<LocalService> services = new ArrayList<>();
    services.add(new OrchestratorService());
    for (int i = 1; i <= trainers; i++) {
      services.add(TrainerService.of("trainer-" + i, "cpu", dir.resolve("checkpoints"), 0));
    }
    EvalSettings eval = evaluation.settings();
    services.add(new EvaluatorService("evaluator-1",
        source -> new ModelEvaluation(eval, source, EvalData.open(EvaluatorService.DEFAULT_DATASET, "input",
            "target", evaluation.examples(), 0), new QualityMetrics(eval.metrics(), eval.stem(),
            WordNetSynonyms::fromClasspath), null),
        eval.warmupRuns(), eval.timedRuns(), evaluation.examples()));
    try {
      for (LocalService service : services) {
        String url = service.deploy(vertx, context).await(90, TimeUnit.SECONDS);
        context = url == null ? context : context.withEndpoint(service.name(), url);
      }
    } catch (RuntimeException | java.util.concurrent.TimeoutException e) {
      vertx.close().await();
      throw new IllegalStateException("The local fleet did not start: " + e.getMessage(), e);
    }
    return new LocalFleet(vertx, context);
  }

  /** A client of the fleet's orchestrator, holding its token. */
  public OrchestratorClient client() {
    return new OrchestratorClient(URI.create(context.orchestratorUrl()), context.token(), Duration.ofSeconds(30));
  }

  /** The fleet's data directory. */
  public Path dataDir() {
    return context.dataDir();
  }

  private static String newToken() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Undeploys every service. */
  @Override
  public void close() {
    vertx.close().await();
  }
}
