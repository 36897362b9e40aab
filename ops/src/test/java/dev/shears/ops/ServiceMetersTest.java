package dev.shears.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

/** The names and types every service's /metrics shows, checked on a scrape as Prometheus reads it. */
class ServiceMetersTest {
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void everyServiceHasJvmProcessAndSystemMetersTaggedWithItsName() {
    PrometheusMeterRegistry registry = ServiceMeters.create("trainer");
    String scrape = registry.scrape();

    assertThat(scrape).contains("# TYPE jvm_memory_used_bytes gauge", "# TYPE jvm_gc_memory_allocated_bytes_total counter",
        "# TYPE jvm_threads_live_threads gauge", "# TYPE jvm_classes_loaded_classes gauge",
        "# TYPE process_cpu_usage gauge", "# TYPE process_uptime_seconds gauge",
        "# TYPE process_start_time_seconds gauge", "# TYPE system_cpu_count gauge", "# TYPE system_cpu_usage gauge", "# TYPE system_load_average_1m gauge",
        "# TYPE process_files_open_files gauge",
        "service=\"trainer\"");
    assertThatThrownBy(() -> ServiceMeters.create("trainer-7")).hasMessageContaining("Invalid service trainer-7");
  }

  @Test
  void requestsAreTimedInSecondsAsAHistogramPerRouteTemplate() throws Exception {
    PrometheusMeterRegistry registry = ServiceMeters.create("dashboard");
    Vertx vertx = Vertx.vertx();
    try {
      Router router = Router.router(vertx);
      RouterMetrics.install(router, registry, List.of("/api/trials/:id", "/static/*"));
      router.get("/api/trials/:id").handler(ctx -> ctx.end("{}"));
      router.get("/static/*").handler(ctx -> ctx.end("x"));
      // A router's own end handlers (here one added by a route) must not hide the request from the timer.
      router.get("/late").handler(ctx -> {
        ctx.addEndHandler(v -> { });
        ctx.end();
      });
      HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
          .await(10, TimeUnit.SECONDS);
      String base = "http://127.0.0.1:" + server.actualPort();
      for (String path : List.of("/api/trials/t-1", "/api/trials/t-2", "/static/app.js", "/late", "/nowhere/9")) {
        http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
      }

      Timer trials = registry.get(HttpServerMetrics.REQUESTS).tags("uri", "/api/trials/:id", "status", "200",
          "method", "GET").timer();
      assertThat(trials.count()).isEqualTo(2);
      assertThat(registry.get(HttpServerMetrics.REQUESTS).tags("uri", "/static/*").timer().count()).isEqualTo(1);
      assertThat(registry.get(HttpServerMetrics.REQUESTS).tags("uri", "other", "status", "200").timer().count())
          .isEqualTo(1);
      assertThat(registry.get(HttpServerMetrics.REQUESTS).tags("uri", "other", "status", "404").timer().count())
          .isEqualTo(1);
      String scrape = registry.scrape();
      assertThat(scrape).contains("# TYPE http_server_requests_seconds histogram")
          .contains("http_server_requests_seconds_bucket{");
      assertThat(scrape).doesNotContain("t-1", "t-2", "quantile=");
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aPlainEndpointIsTimedToo() throws Exception {
    PrometheusMeterRegistry registry = ServiceMeters.create("evaluator");
    Vertx vertx = Vertx.vertx();
    try {
      HttpServer server = vertx.createHttpServer()
          .requestHandler(new OpsEndpoint(() -> new OpsEndpoint.Health(200, "{}"), registry))
          .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
      http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/health")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(registry.get(HttpServerMetrics.REQUESTS).tags("uri", "/health", "status", "200").timer().count())
          .isEqualTo(1);
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void consumerLagIsTheSumOfThePartitionsRecordsLag() {
    PrometheusMeterRegistry registry = ServiceMeters.create("orchestrator");
    Map<MetricName, Metric> metrics = Map.ofEntries(
        lag("records-lag", Map.of("topic", "shears.trials", "partition", "0"), 3.0),
        lag("records-lag", Map.of("topic", "shears.trials", "partition", "1"), 4.0),
        lag("records-lag-max", Map.of(), 4.0));
    ConsumerLag.register(registry, "log-reader", () -> metrics);
    ConsumerLag.register(registry, "idle", Map::of);

    Gauge lag = registry.get(ConsumerLag.NAME).tag("consumer", "log-reader").gauge();
    assertThat(lag.value()).isEqualTo(7.0);
    assertThat(registry.get(ConsumerLag.NAME).tag("consumer", "idle").gauge().value()).isNaN();
    assertThat(lag.getId().getType()).isEqualTo(Meter.Type.GAUGE);
    assertThat(registry.scrape()).contains("# TYPE shears_kafka_consumer_lag_records gauge");
  }

  private static Map.Entry<MetricName, Metric> lag(String name, Map<String, String> tags, double value) {
    MetricName id = new MetricName(name, "consumer-fetch-manager-metrics", "", tags);
    return Map.entry(id, new Metric() {
      @Override
      public MetricName metricName() {
        return id;
      }

      @Override
      public Object metricValue() {
        return value;
      }
    });
  }
}
