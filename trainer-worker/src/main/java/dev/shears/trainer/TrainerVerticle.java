package dev.shears.trainer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.events.Assignment;
import dev.shears.events.DeadLetterRouter;
import dev.shears.events.Envelope;
import dev.shears.events.EventCodec;
import dev.shears.events.GpuInfo;
import dev.shears.events.KafkaClientConfig;
import dev.shears.events.Revocation;
import dev.shears.events.Topics;
import dev.shears.events.WorkerHeartbeat;
import dev.shears.trainer.checkpoint.CheckpointStore;
import dev.shears.trainer.data.BatchSourceFactory;
import dev.shears.trainer.data.DatasetBatches;
import dev.shears.trainer.internal.AssignmentPoll;
import dev.shears.trainer.internal.DeviceInventory;
import dev.shears.trainer.internal.GpuMeters;
import dev.shears.trainer.internal.TrialWorker;
import dev.shears.ops.ConsumerLag;
import dev.shears.ops.Heartbeat;
import dev.shears.ops.Liveness;
import dev.shears.ops.OpsEndpoint;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A trainer worker: announces itself on shears.fleet every heartbeat interval (kind {@code trainer}, its GPUs or
 * one CPU slot, running trials, /metrics endpoint), takes its assignments from shears.assignments, runs them one at
 * a time on its own training thread ({@link TrialRunner}; one GradientCollector per JVM, so one slot), and honours
 * revocations within one training step. Serves GET /health and GET /metrics. Kafka I/O and training run on threads
 * this verticle owns, never on the event loop.
 */
public final class TrainerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(TrainerVerticle.class);

  private final TrainerConfig config;
  private final MeterRegistry registry;
  private final Clock clock;
  private final BatchSourceFactory data;
  private final Liveness liveness;
  private final EventCodec codec = new EventCodec();
  private final Set<String> seenAttempts = ConcurrentHashMap.newKeySet();

  private ExecutorService training;
  private ExecutorService io;
  private Thread poller;
  private volatile boolean stopping;
  private KafkaProducer<byte[], byte[]> producer;
  private KafkaConsumer<byte[], byte[]> consumer;
  private TrialWorker worker;
  private DeviceInventory devices;
  private GpuMeters gpuMeters;
  private HttpServer server;
  private String host;
  private long heartbeatTimer = -1;
  private Heartbeat heartbeat;

  /** A worker training on the datasets named in its assignments. */
  public TrainerVerticle(TrainerConfig config, MeterRegistry registry, Clock clock) {
    this(config, registry, clock, new DatasetBatches());
  }

  /** A worker with another data source (tests, custom datasets); a dead loop only makes it unhealthy. */
  public TrainerVerticle(TrainerConfig config, MeterRegistry registry, Clock clock, BatchSourceFactory data) {
    this(config, registry, clock, data, Liveness.unhealthyOnly());
  }

  /** A worker whose dead loops {@code liveness} acts on (in a process of its own: exit, to be restarted). */
  public TrainerVerticle(TrainerConfig config, MeterRegistry registry, Clock clock, BatchSourceFactory data,
      Liveness liveness) {
    this.config = config;
    this.registry = registry;
    this.clock = clock;
    this.data = data;
    this.liveness = liveness;
  }

  /** The port /health and /metrics listen on (after start). */
  public int port() {
    return server == null ? -1 : server.actualPort();
  }

  /** {@code http://host:port} of /health and /metrics (after start). */
  public String endpoint() {
    return "http://" + config.host() + ":" + port();
  }

  @Override
  public Future<?> start() {
    training = Executors.newSingleThreadExecutor(r -> new Thread(r, "shears-trainer-" + config.workerId()));
    io = Executors.newSingleThreadExecutor(r -> new Thread(r, "shears-trainer-io-" + config.workerId()));
    heartbeat = new Heartbeat("trainer " + config.workerId(), "trainer", this::sendHeartbeat, liveness, registry);
    return vertx.executeBlocking(() -> {
      devices = new DeviceInventory(config.gpus());
      host = InetAddress.getLocalHost().getHostName();
      producer = new KafkaProducer<>(KafkaClientConfig.producer(config.bootstrap(), "trainer-" + config.workerId()));
      consumer = new KafkaConsumer<>(KafkaClientConfig.staticMemberConsumer(config.bootstrap(),
          "trainer-" + config.workerId() + "-assignments", "shears-trainer-" + config.workerId(), config.workerId()));
      consumer.subscribe(List.of(Topics.ASSIGNMENTS));
      ConsumerLag.register(registry, "assignments", consumer::metrics);
      gpuMeters = new GpuMeters(devices.indices(), registry);
      TrialRunner runner = new TrialRunner(new CheckpointStore(config.checkpointRoot()), data,
          config.allowedPaths());
      worker = new TrialWorker(config.workerId(), producer, codec, clock, runner, registry, devices);
      Gauge.builder("shears.trainer.running", () -> worker.runningTrials().size())
          .description("Trials this worker is training").register(registry);
      return null;
    }).compose(v -> vertx.createHttpServer().requestHandler(new OpsEndpoint(this::health, registry))
        .listen(config.port(), config.host()))
        .onSuccess(s -> {
          server = s;
          poller = new Thread(new AssignmentPoll(consumer,
              new DeadLetterRouter(codec, producer, "trainer-" + config.workerId(), clock), this::onAssignmentEvent,
              () -> stopping, liveness), "shears-trainer-assignments-" + config.workerId());
          poller.start();
          io.execute(heartbeat);
          heartbeatTimer = vertx.setPeriodic(config.heartbeatInterval().toMillis(), id -> io.execute(heartbeat));
        });
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    if (heartbeatTimer >= 0) {
      vertx.cancelTimer(heartbeatTimer);
    }
    return vertx.executeBlocking(() -> {
      if (worker != null) {
        worker.stopAll("shutdown");
      }
      if (consumer != null) {
        consumer.wakeup();
      }
      if (poller != null) {
        poller.join(10_000);
      }
      training.shutdown();
      if (!training.awaitTermination(120, TimeUnit.SECONDS)) {
        LOG.warn("Training thread of {} did not stop within 120 s", config.workerId());
      }
      io.shutdown();
      io.awaitTermination(10, TimeUnit.SECONDS);
      if (producer != null) {
        producer.close(Duration.ofSeconds(10));
      }
      return null;
    }).compose(v -> server == null ? Future.succeededFuture() : server.close());
  }

  private OpsEndpoint.Health health() {
    ObjectNode body = codec.mapper().createObjectNode().put("status", liveness.alive() ? "UP" : "DOWN")
        .put("kind", "trainer").put("workerId", config.workerId());
    liveness.death().ifPresent(d -> body.put("failedLoop", d.loop()).put("error", d.error()));
    body.putPOJO("runningTrials", worker.runningTrials());
    return new OpsEndpoint.Health(liveness.alive() ? 200 : 503, body.toString());
  }

  /** The first of this worker's loops to die, if any. */
  public java.util.Optional<Liveness.Death> loopDeath() {
    return liveness.death();
  }

  /**
   * Sends one heartbeat, every heartbeat interval ({@link Heartbeat}: a failed one is retried by the next interval,
   * and a worker with a dead loop stays silent, so the orchestrator's lease takes its trials back).
   */
  private void sendHeartbeat() {
    if (stopping) {
      return;
    }
    List<GpuInfo> gpus = devices.snapshot();
    gpuMeters.update(gpus, devices.utilisationMeasured());
    WorkerHeartbeat beat = new WorkerHeartbeat(config.workerId(), "trainer", host, gpus,
        worker.runningTrials(), 1, endpoint(), worker.queuedTrials());
    Envelope envelope = Envelope.of(beat, clock.instant());
    producer.send(new ProducerRecord<>(Topics.FLEET, config.workerId().getBytes(StandardCharsets.UTF_8),
        codec.encode(envelope)));
  }

  private void onAssignmentEvent(Envelope envelope) {
    if (envelope.payload() instanceof Assignment a && config.workerId().equals(a.workerId())) {
      if (envelope.trialId() == null || !seenAttempts.add(envelope.trialId() + "#" + envelope.attempt())) {
        return;
      }
      worker.queued(envelope);
      training.execute(() -> worker.run(envelope));
    } else if (envelope.payload() instanceof Revocation r && config.workerId().equals(r.workerId())
        && envelope.trialId() != null) {
      worker.revoke(envelope.trialId(), envelope.attempt(), r.reason());
    }
  }
}
