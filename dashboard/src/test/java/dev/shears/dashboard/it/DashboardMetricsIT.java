package dev.shears.dashboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.broker.KafkaBroker;
import dev.shears.broker.junit.Await;
import dev.shears.broker.junit.RealKafka;
import dev.shears.dashboard.DashboardConfig;
import dev.shears.dashboard.DashboardVerticle;
import dev.shears.dashboard.ingest.KafkaIngest;
import dev.shears.ops.Liveness;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's /metrics as Prometheus reads it (names and types by the conventions of docs/metrics.md), and its
 * /health once a loop has died.
 */
@RealKafka
class DashboardMetricsIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void countersTimersAndGaugesAreNamedAndTypedForPrometheus(KafkaBroker broker) throws Exception {
    LiveDashboard.createTopics(broker);
    try (LiveDashboard dash = new LiveDashboard(broker.bootstrapServers(), DashboardConfig.of(
        broker.bootstrapServers(), DashboardConfig.DEFAULT_HOST, 0, "http://127.0.0.1:1", null)).start()) {
      Await.until(Duration.ofSeconds(30), "the dashboard to catch up", () -> dash.verticle().caughtUp());
      get(dash.url("/api/experiments"));
      get(dash.url("/api/trials/no-such-trial"));

      String metrics = get(dash.url("/metrics"));

      assertThat(metrics)
          .contains("# TYPE shears_dashboard_stream_dropped_total counter")
          .contains("# TYPE shears_dashboard_ingest_lag_seconds histogram")
          .contains("# TYPE shears_dashboard_events_total counter")
          .contains("# TYPE shears_dashboard_streams gauge")
          .contains("# TYPE http_server_requests_seconds histogram")
          .contains("uri=\"/api/experiments\"")
          .contains("uri=\"/api/trials/:id\"")
          .contains("# TYPE shears_kafka_consumer_lag_records gauge")
          .contains("consumer=\"ingest\"");
      // No client-side quantiles, no ids in labels, no gauge over a cumulative count.
      assertThat(metrics).doesNotContain("quantile=", "no-such-trial", "# TYPE shears_dashboard_stream_dropped gauge",
          "milliseconds");
    }
  }

  @Test
  void aDeadLoopTurnsHealthTo503NamingIt(KafkaBroker broker) throws Exception {
    LiveDashboard.createTopics(broker);
    Liveness liveness = Liveness.unhealthyOnly();
    Vertx vertx = Vertx.vertx();
    try {
      DashboardVerticle verticle = new DashboardVerticle(DashboardConfig.of(broker.bootstrapServers(),
          DashboardConfig.DEFAULT_HOST, 0, "http://127.0.0.1:1", null),
          new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC(), liveness);
      vertx.deployVerticle(verticle).await();
      String health = "http://127.0.0.1:" + verticle.actualPort() + "/health";
      assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(health)).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

      liveness.loopDied(KafkaIngest.LOOP, new IllegalStateException("injected"));

      HttpResponse<String> down = HTTP.send(HttpRequest.newBuilder(URI.create(health)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.body()).contains("\"status\":\"DOWN\"", "\"failedLoop\":\"dashboard ingest\"", "injected");
    } finally {
      vertx.close().await();
    }
  }

  private static String get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }
}
