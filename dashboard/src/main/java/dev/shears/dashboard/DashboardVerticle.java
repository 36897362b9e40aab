package dev.shears.dashboard;

import dev.shears.dashboard.ingest.KafkaIngest;
import dev.shears.dashboard.state.DashboardState;
import dev.shears.dashboard.stream.StreamHub;
import dev.shears.dashboard.web.DashboardRoutes;
import dev.shears.events.KafkaClientConfig;
import dev.shears.events.WorkerHeartbeat;
import dev.shears.ops.Liveness;
import dev.shears.ops.RouterMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The dashboard service: a Kafka tail of every Shears topic into an in-memory state, an HTTP server with the
 * pages, JSON endpoints, SSE live streams and the forwarded mutations. Deploy with
 * {@code vertx.deployVerticle(new DashboardVerticle(config, registry, Clock.systemUTC()))}.
 */
public final class DashboardVerticle extends VerticleBase {
  /** Bytes a streaming client's socket may queue before its updates coalesce in its buffer instead. */
  static final int WRITE_QUEUE_MAX_BYTES = 256 * 1024;

  private final DashboardConfig config;
  private final MeterRegistry registry;
  private final Clock clock;
  private final Liveness liveness;
  private final String serverId = UUID.randomUUID().toString();
  private DashboardState state;
  private StreamHub hub;
  private KafkaIngest ingest;
  private WebClient webClient;
  private HttpServer server;

  /** A dashboard whose dead loops only make it unhealthy (embedded use, tests). */
  public DashboardVerticle(DashboardConfig config, MeterRegistry registry, Clock clock) {
    this(config, registry, clock, Liveness.unhealthyOnly());
  }

  /** A dashboard whose dead loops {@code liveness} acts on (in a process of its own: exit, to be restarted). */
  public DashboardVerticle(DashboardConfig config, MeterRegistry registry, Clock clock, Liveness liveness) {
    this.config = config;
    this.registry = registry;
    this.clock = clock;
    this.liveness = liveness;
  }

  /** The port the server listens on (useful with port 0); -1 before start. */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  /** The live state (read-only use: tests, benchmark). */
  public DashboardState state() {
    return state;
  }

  /** The stream hub (read-only use: tests, benchmark). */
  public StreamHub hub() {
    return hub;
  }

  /** True once the initial replay of the topics is applied. */
  public boolean caughtUp() {
    return ingest != null && ingest.caughtUp();
  }

  @Override
  public Future<?> start() {
    state = new DashboardState(clock, config.workerLease(), config.historyPoints(), config.maskHistoryPoints(),
        config.maxTrialHistories());
    hub = new StreamHub(state);
    Gauge.builder("shears.dashboard.streams", hub, StreamHub::clientCount)
        .description("Connected streaming clients").register(registry);
    FunctionCounter.builder("shears.dashboard.stream.dropped", hub, h -> (double) h.droppedTotal())
        .description("Updates dropped by connected clients' bounded buffers").register(registry);
    Gauge.builder("shears.dashboard.trials", state, s -> (double) s.trialCount())
        .description("Trials known to the dashboard").register(registry);
    webClient = WebClient.create(vertx, new WebClientOptions().setUserAgent("shears-dashboard"));
    DashboardRoutes.StreamSettings streams = new DashboardRoutes.StreamSettings(serverId,
        config.clientMaxRowsPerSeries(), config.clientMaxKeys(), config.flushInterval().toMillis(),
        WRITE_QUEUE_MAX_BYTES);
    return DashboardRoutes.router(vertx, state, hub, streams, config.orchestratorUrl(), config.token(), webClient,
            this::caughtUp, liveness, this::scrape)
        .compose(router -> {
          RouterMetrics.install(router, registry, DashboardRoutes.ROUTES);
          return vertx.createHttpServer(new HttpServerOptions().setHost(config.host())
                .setPort(config.port()).setCompressionSupported(true).setMaxInitialLineLength(32 * 1024))
            .requestHandler(router)
            .listen();
        })
        .map(s -> {
          server = s;
          return s;
        })
        .compose(s -> vertx.executeBlocking(() -> {
          ingest = createIngest(s.actualPort());
          ingest.start();
          return s;
        }));
  }

  private KafkaIngest createIngest(int port) {
    String clientId = "shears-dashboard-" + serverId.substring(0, 8);
    Map<String, Object> consumerProps = KafkaClientConfig.consumer(config.bootstrap(), clientId, null);
    // The dashboard is a live view: answer fetches quickly instead of waiting to fill them.
    consumerProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
    consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    Map<String, Object> producerProps = KafkaClientConfig.producer(config.bootstrap(), clientId);
    producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
    String host = hostName();
    WorkerHeartbeat heartbeat = new WorkerHeartbeat("dashboard-" + host + "-" + port, "dashboard", host, List.of(),
        List.of(), 0, "http://" + config.host() + ":" + port);
    return new KafkaIngest(new KafkaConsumer<>(consumerProps), new KafkaProducer<>(producerProps), state, hub,
        clock, registry, heartbeat, config.heartbeatInterval(), liveness, config.historyWriter());
  }

  @Override
  public Future<?> stop() {
    Future<?> ingestStopped = ingest == null ? Future.succeededFuture()
        : Future.fromCompletionStage(closeIngest(), vertx.getOrCreateContext());
    return ingestStopped
        .eventually(() -> server == null ? Future.succeededFuture() : server.close())
        .eventually(() -> {
          if (webClient != null) {
            webClient.close();
          }
          return Future.succeededFuture();
        });
  }

  private java.util.concurrent.CompletionStage<Void> closeIngest() {
    ingest.close();
    return ingest.stopped().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS);
  }

  private String scrape() {
    PrometheusMeterRegistry prometheus = prometheus(registry);
    return prometheus == null ? null : prometheus.scrape();
  }

  private static PrometheusMeterRegistry prometheus(MeterRegistry registry) {
    if (registry instanceof PrometheusMeterRegistry p) {
      return p;
    }
    if (registry instanceof CompositeMeterRegistry c) {
      for (MeterRegistry child : c.getRegistries()) {
        PrometheusMeterRegistry p = prometheus(child);
        if (p != null) {
          return p;
        }
      }
    }
    return null;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
