package dev.shears.orchestrator;

import dev.shears.events.DeadLetterRouter;
import dev.shears.events.Envelope;
import dev.shears.events.EventCodec;
import dev.shears.events.KafkaClientConfig;
import dev.shears.events.Topics;
import dev.shears.events.WorkerHeartbeat;
import dev.shears.orchestrator.internal.Engine;
import dev.shears.orchestrator.internal.EngineFeed;
import dev.shears.orchestrator.internal.LogReader;
import dev.shears.orchestrator.internal.PlainProducer;
import dev.shears.orchestrator.internal.RestApi;
import dev.shears.orchestrator.internal.Topology;
import dev.shears.orchestrator.internal.TransactionalWriter;
import dev.shears.orchestrator.scheduler.Scheduler;
import dev.shears.ops.ConsumerLag;
import dev.shears.ops.Heartbeat;
import dev.shears.ops.Liveness;
import dev.shears.ops.RouterMetrics;
import dev.shears.spec.SpecCompiler;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator service: replays {@code shears.experiments}, {@code shears.trials} and {@code
 * shears.checkpoints} (read_committed) to rebuild its state, registers the fleet from {@code shears.fleet}, and
 * then schedules: every decision is written in a Kafka transaction (a TrialAssigned and its Assignment together).
 * Serves the REST API, {@code /health} and {@code /metrics}, and heartbeats as kind {@code orchestrator}.
 * Deployment completes once the state is recovered and the port is bound.
 *
 * <p>The log reader's death is fatal ({@link Liveness#loopDied}): the scheduler's state is only as good as the log
 * it has read, so the service answers 503, stops heartbeating and (in a process of its own) exits for a supervisor
 * to restart it; a restarted orchestrator recovers its state by replaying the log. The tick and heartbeat timers
 * run again every interval, so one failed tick or heartbeat is retried by the next.
 */
public final class OrchestratorVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(OrchestratorVerticle.class);

  private final OrchestratorConfig config;
  private final MeterRegistry registry;
  private final Clock clock;
  private final Liveness liveness;
  private final EventCodec codec = new EventCodec();
  private PlainProducer plain;
  private TransactionalWriter writer;
  private LogReader reader;
  private Engine engine;
  private HttpServer server;
  private String hostName;
  private Duration recoveryTime;
  private long tickTimer = -1;
  private long heartbeatTimer = -1;

  /** The log reader's name in logs and on {@code /health}. */
  public static final String LOOP = EngineFeed.LOOP;

  /** An orchestrator whose dead reader only makes it unhealthy (embedded use, tests). */
  public OrchestratorVerticle(OrchestratorConfig config, MeterRegistry registry, Clock clock) {
    this(config, registry, clock, Liveness.unhealthyOnly());
  }

  /** An orchestrator whose dead reader {@code liveness} acts on (in a process of its own: exit, to be restarted). */
  public OrchestratorVerticle(OrchestratorConfig config, MeterRegistry registry, Clock clock, Liveness liveness) {
    this.config = config;
    this.registry = registry;
    this.clock = clock;
    this.liveness = liveness;
  }

  @Override
  public Future<?> start() {
    return vertx.executeBlocking(() -> {
      if (config.createTopics()) {
        Topology.ensure(config.bootstrap());
      }
      hostName = hostName();
      plain = new PlainProducer(KafkaClientConfig.producer(config.bootstrap(), config.instanceId()), codec);
      writer = new TransactionalWriter(KafkaClientConfig.transactionalProducer(config.bootstrap(),
          config.instanceId() + "-tx", config.transactionalId()), codec);
      return null;
    })
        .compose(v -> writer.init(context))
        .compose(v -> {
          engine = new Engine(new Scheduler(config.scheduler()), writer, context, clock, registry, deafAfter(config));
          Map<String, Object> props = KafkaClientConfig.consumer(config.bootstrap(), config.instanceId() + "-reader",
              null);
          props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
          DeadLetterRouter router = new DeadLetterRouter(codec, plain.producer(), "orchestrator", clock);
          reader = new LogReader(props, router, List.of(Topics.EXPERIMENTS, Topics.TRIALS, Topics.CHECKPOINTS,
              Topics.EVALUATIONS), Topics.FLEET, config.leaseTimeout(), clock,
              new EngineFeed(task -> context.runOnContext(x -> task.run()), engine, liveness));
          ConsumerLag.register(registry, "log-reader", reader::consumerMetrics);
          reader.start();
          return engine.recovery();
        })
        .compose(took -> {
          recoveryTime = took;
          SpecCompiler compiler = new SpecCompiler(config.limits(), config.paths()::resolveExisting);
          RestApi api = new RestApi(vertx, engine, compiler, codec.mapper(), registry, config.token(),
              config.limits().maxDocumentBytes(), clock, liveness);
          Router router = api.router();
          RouterMetrics.install(router, registry, RestApi.ROUTES);
          return vertx.createHttpServer().requestHandler(router).listen(config.port(), config.host());
        })
        .onSuccess(s -> {
          server = s;
          tickTimer = vertx.setPeriodic(config.tickInterval().toMillis(), id -> engine.requestTick());
          Heartbeat heartbeat = new Heartbeat("orchestrator " + config.instanceId(), "orchestrator",
              this::sendHeartbeat, liveness, registry);
          heartbeatTimer = vertx.setPeriodic(0, config.heartbeatInterval().toMillis(),
              id -> vertx.executeBlocking(() -> {
                heartbeat.run();
                return null;
              }, false));
          LOG.info("Orchestrator listening on http://{}:{} (state recovered in {} ms)", config.host(),
              s.actualPort(), recoveryTime.toMillis());
        });
  }

  /**
   * Three of this orchestrator's own heartbeats missed means Kafka cannot be heard. Never shorter than that: the
   * pause must not start between two of its own heartbeats. It protects leases longer than this plus a trainer's
   * heartbeat interval; shorter leases may still expire during an outage, as before.
   */
  static Duration deafAfter(OrchestratorConfig config) {
    return config.heartbeatInterval().multipliedBy(3);
  }

  /** Sends one heartbeat ({@link Heartbeat}: a failed one is retried by the next interval). */
  private void sendHeartbeat() {
    WorkerHeartbeat hb = new WorkerHeartbeat(config.instanceId(), "orchestrator", hostName, List.of(), List.of(),
        0, "http://" + config.host() + ":" + server.actualPort());
    plain.send(Envelope.of(hb, clock.instant()));
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  /** The bound REST port (useful with port 0). */
  public int port() {
    return server.actualPort();
  }

  /** How long replaying the log took at start. */
  public Duration recoveryTime() {
    return recoveryTime;
  }

  /** The engine, for in-process callers such as the benchmark. Confined to this verticle's context. */
  public Engine engine() {
    return engine;
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(tickTimer);
    vertx.cancelTimer(heartbeatTimer);
    Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
    return closed.eventually(() -> vertx.executeBlocking(() -> {
      if (reader != null) {
        reader.close();
      }
      if (writer != null) {
        writer.close();
      }
      if (plain != null) {
        plain.close();
      }
      return null;
    }));
  }
}
