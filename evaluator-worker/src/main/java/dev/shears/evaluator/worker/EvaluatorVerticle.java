package dev.shears.evaluator.worker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.events.PathRoots;
import dev.shears.events.Envelope;
import dev.shears.events.EventCodec;
import dev.shears.events.KafkaClientConfig;
import dev.shears.events.Topics;
import dev.shears.events.WorkerHeartbeat;
import dev.shears.ops.ConsumerLag;
import dev.shears.ops.Heartbeat;
import dev.shears.ops.Liveness;
import dev.shears.ops.OpsEndpoint;
import dev.shears.ops.RestartingLoop;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evaluator service: runs an {@link EvaluatorWorker} on its own thread (Kafka polling and model
 * compute block; no event loop does either), serves GET /health and GET /metrics, and announces itself on
 * {@code shears.fleet} every two seconds. Deployment completes once the worker consumes.
 *
 * <p>The worker's loop restarts with backoff ({@link RestartingLoop}): results and consumed offsets commit in one
 * transaction, so a fresh worker (new clients, ledger rebuilt from the evaluations topic) resumes after the last
 * committed export and evaluates an interrupted one again. A fenced producer is fatal, since another evaluator with
 * this worker id is running and a restart would fence it in turn; so is an {@link Error}. A failure before the first
 * worker ever consumed fails the deployment instead.
 */
public final class EvaluatorVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluatorVerticle.class);
  private static final Duration HEARTBEAT = Duration.ofSeconds(2);
  /** The worker loop's name in logs and on {@code /health}. */
  public static final String LOOP = "evaluator consumer";
  private static final Duration FIRST_RESTART = Duration.ofSeconds(1);
  private static final Duration LAST_RESTART = Duration.ofSeconds(30);

  private final EvaluatorConfig config;
  private final PathRoots roots;
  private final ExportEvaluation evaluation;
  private final EvaluatorMetrics metrics;
  private final MeterRegistry registry;
  private final String host;
  private final int port;
  private final EventCodec codec = new EventCodec();
  private final Liveness liveness;
  private ExecutorService pool;
  private volatile EvaluatorWorker worker;
  private RestartingLoop loop;
  private HttpServer server;
  private KafkaProducer<byte[], byte[]> heartbeats;
  private long heartbeatTimer = -1;

  /** A verticle for one worker, without meters or HTTP endpoint. */
  public EvaluatorVerticle(EvaluatorConfig config, ExportEvaluation evaluation) {
    this(config, evaluation, new EvaluatorMetrics());
  }

  /** A verticle for one worker recording into {@code metrics} (bind it to the service's registry). */
  public EvaluatorVerticle(EvaluatorConfig config, ExportEvaluation evaluation, EvaluatorMetrics metrics) {
    this(config, evaluation, metrics, new SimpleMeterRegistry(), null, 0, null);
  }

  /**
   * A verticle for one worker that serves /health and /metrics on {@code host:port} (0 picks a free port) and
   * sends heartbeats.
   */
  public EvaluatorVerticle(EvaluatorConfig config, ExportEvaluation evaluation, MeterRegistry registry, String host,
      int port) {
    this(config, evaluation, new EvaluatorMetrics(), registry, host, port, null);
  }

  /** As the other constructor, evaluating only exports that lie under {@code roots} (model kind). */
  public EvaluatorVerticle(EvaluatorConfig config, ExportEvaluation evaluation, MeterRegistry registry, String host,
      int port, PathRoots roots) {
    this(config, evaluation, registry, host, port, roots, Liveness.unhealthyOnly());
  }

  /** As the other constructor, with {@code liveness} acting on a dead loop (in a process of its own: exit). */
  public EvaluatorVerticle(EvaluatorConfig config, ExportEvaluation evaluation, MeterRegistry registry, String host,
      int port, PathRoots roots, Liveness liveness) {
    this(config, evaluation, new EvaluatorMetrics(), registry, host, port, roots, liveness);
  }

  private EvaluatorVerticle(EvaluatorConfig config, ExportEvaluation evaluation, EvaluatorMetrics metrics,
      MeterRegistry registry, String host, int port, PathRoots roots) {
    this(config, evaluation, metrics, registry, host, port, roots, Liveness.unhealthyOnly());
  }

  private EvaluatorVerticle(EvaluatorConfig config, ExportEvaluation evaluation, EvaluatorMetrics metrics,
      MeterRegistry registry, String host, int port, PathRoots roots, Liveness liveness) {
    this.liveness = liveness;
    this.roots = roots;
    this.config = config;
    this.evaluation = evaluation;
    this.metrics = metrics;
    this.registry = registry;
    this.host = host;
    this.port = port;
  }

  /** The running worker (null before start). */
  public EvaluatorWorker worker() {
    return worker;
  }

  /** {@code http://host:port} of /health and /metrics, or null when this verticle serves none. */
  public String endpoint() {
    return server == null ? null : "http://" + host + ":" + server.actualPort();
  }

  @Override
  public Future<?> start() {
    metrics.bindTo(registry);
    ConsumerLag.register(registry, "checkpoints", () -> worker == null ? Map.of() : worker.consumerMetrics());
    pool = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "shears-evaluator-" + config.workerId());
      t.setDaemon(true);
      return t;
    });
    EvaluatorWorker first = newWorker();
    worker = first;
    AtomicBoolean firstAttempt = new AtomicBoolean(true);
    loop = new RestartingLoop(LOOP, () -> firstAttempt.getAndSet(false) ? attempt(first, true) : attempt(newWorker(),
        false), e -> e instanceof ProducerFencedException, FIRST_RESTART, LAST_RESTART, liveness);
    pool.execute(loop);
    Future<?> ready = Future.fromCompletionStage(first.readiness(), context)
        .timeout(config.startupTimeout().toMillis(), TimeUnit.MILLISECONDS);
    if (host == null) {
      return ready;
    }
    return ready
        .compose(v -> vertx.createHttpServer().requestHandler(new OpsEndpoint(this::health, registry))
            .listen(port, host))
        .onSuccess(s -> {
          server = s;
          heartbeats = new KafkaProducer<>(KafkaClientConfig.producer(config.bootstrap(),
              "evaluator-heartbeat-" + config.workerId()));
          Heartbeat heartbeat = new Heartbeat("evaluator " + config.workerId(), "evaluator", this::sendHeartbeat,
              liveness, registry);
          heartbeatTimer = vertx.setPeriodic(0, HEARTBEAT.toMillis(), id -> vertx.executeBlocking(() -> {
            heartbeat.run();
            return null;
          }));
        });
  }

  private EvaluatorWorker newWorker() {
    return new EvaluatorWorker(config, evaluation, new CheckpointVerifier(roots), Clock.systemUTC(), metrics);
  }

  /**
   * One run of {@code w}. When the first worker fails before it ever consumed, the loop ends quietly: its readiness
   * carries the failure to the deployment, which fails with it.
   */
  private Runnable attempt(EvaluatorWorker w, boolean first) {
    worker = w;
    return () -> {
      try {
        w.run();
      } catch (RuntimeException e) {
        CompletableFuture<Void> readiness = w.readiness().toCompletableFuture();
        if (!first || (readiness.isDone() && !readiness.isCompletedExceptionally())) {
          throw e;
        }
      }
    };
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(heartbeatTimer);
    if (loop != null) {
      loop.stop();
    }
    worker.stop();
    return vertx.executeBlocking(() -> {
      pool.shutdown();
      if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
        pool.shutdownNow();
      }
      if (heartbeats != null) {
        heartbeats.close(Duration.ofSeconds(5));
      }
      return null;
    }).compose(v -> server == null ? Future.succeededFuture() : server.close());
  }

  private OpsEndpoint.Health health() {
    boolean up = liveness.alive() && worker.ready();
    ObjectNode body = codec.mapper().createObjectNode()
        .put("status", !liveness.alive() ? "DOWN" : up ? "UP" : "STARTING")
        .put("kind", "evaluator")
        .put("workerId", config.workerId())
        .put("inFlight", metrics.inFlight());
    liveness.death().ifPresent(d -> body.put("failedLoop", d.loop()).put("error", d.error()));
    return new OpsEndpoint.Health(up ? 200 : 503, body.toString());
  }

  /** The first of this evaluator's loops to die, if any. */
  public java.util.Optional<Liveness.Death> loopDeath() {
    return liveness.death();
  }

  /** Times the worker loop was started again after a failure. */
  public int restarts() {
    return loop == null ? 0 : loop.restarts();
  }

  /** Sends one heartbeat, every two seconds ({@link Heartbeat}: a failed one is retried by the next). */
  private void sendHeartbeat() {
    List<String> running = worker.current().map(k -> List.of(k.trialId())).orElse(List.of());
    WorkerHeartbeat beat = new WorkerHeartbeat(config.workerId(), "evaluator", hostName(), List.of(), running, 1,
        endpoint());
    heartbeats.send(new ProducerRecord<>(Topics.FLEET, config.workerId().getBytes(StandardCharsets.UTF_8),
        codec.encode(Envelope.of(beat, Clock.systemUTC().instant()))));
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
