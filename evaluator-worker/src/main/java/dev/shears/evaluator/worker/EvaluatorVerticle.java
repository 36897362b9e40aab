package dev.shears.evaluator.worker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.events.PathRoots;
import dev.shears.events.Envelope;
import dev.shears.events.EventCodec;
import dev.shears.events.KafkaClientConfig;
import dev.shears.events.Topics;
import dev.shears.events.WorkerHeartbeat;
import dev.shears.ops.OpsEndpoint;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evaluator service: runs an {@link EvaluatorWorker} on its own thread (Kafka polling and model
 * compute block; no event loop does either), serves GET /health and GET /metrics, and announces itself on
 * {@code shears.fleet} every two seconds. Deployment completes once the worker consumes.
 */
public final class EvaluatorVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluatorVerticle.class);
  private static final Duration HEARTBEAT = Duration.ofSeconds(2);

  private final EvaluatorConfig config;
  private final PathRoots roots;
  private final ExportEvaluation evaluation;
  private final EvaluatorMetrics metrics;
  private final MeterRegistry registry;
  private final String host;
  private final int port;
  private final EventCodec codec = new EventCodec();
  private ExecutorService pool;
  private EvaluatorWorker worker;
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
    this(config, evaluation, new EvaluatorMetrics(), registry, host, port, roots);
  }

  private EvaluatorVerticle(EvaluatorConfig config, ExportEvaluation evaluation, EvaluatorMetrics metrics,
      MeterRegistry registry, String host, int port, PathRoots roots) {
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
    pool = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "shears-evaluator-" + config.workerId());
      t.setDaemon(true);
      return t;
    });
    worker = new EvaluatorWorker(config, evaluation, new CheckpointVerifier(roots), Clock.systemUTC(), metrics);
    pool.execute(worker);
    Future<?> ready = Future.fromCompletionStage(worker.readiness(), context)
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
          heartbeatTimer = vertx.setPeriodic(0, HEARTBEAT.toMillis(), id -> vertx.executeBlocking(() -> {
            heartbeat();
            return null;
          }));
        });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(heartbeatTimer);
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
    ObjectNode body = codec.mapper().createObjectNode()
        .put("status", worker.ready() ? "UP" : "STARTING")
        .put("kind", "evaluator")
        .put("workerId", config.workerId())
        .put("inFlight", metrics.inFlight());
    return new OpsEndpoint.Health(worker.ready() ? 200 : 503, body.toString());
  }

  private void heartbeat() {
    try {
      List<String> running = worker.current().map(k -> List.of(k.trialId())).orElse(List.of());
      WorkerHeartbeat beat = new WorkerHeartbeat(config.workerId(), "evaluator", hostName(), List.of(), running, 1,
          endpoint());
      heartbeats.send(new ProducerRecord<>(Topics.FLEET, config.workerId().getBytes(StandardCharsets.UTF_8),
          codec.encode(Envelope.of(beat, Clock.systemUTC().instant()))));
    } catch (RuntimeException e) {
      LOG.warn("Heartbeat of {} failed: {}", config.workerId(), e.toString());
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
