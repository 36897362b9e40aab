package dev.shears.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shears.broker.junit.BindCheck;
import dev.shears.broker.junit.BootstrapServers;
import dev.shears.broker.junit.RawHttp;
import dev.shears.broker.junit.RealKafka;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer's /health and /metrics server over real HTTP: read-only, no bodies, loopback by default. */
@RealKafka
class TrainerEndpointSecurityIT {
  @TempDir
  static Path checkpoints;

  private static Vertx vertx;
  private static TrainerVerticle verticle;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start(@BootstrapServers String bootstrap) {
    vertx = Vertx.vertx();
    verticle = new TrainerVerticle(TrainerConfig.of(bootstrap, "w-endpoint").withGpus("cpu")
        .withCheckpointRoot(checkpoints), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
    vertx.deployVerticle(verticle).await();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void healthAnswersGet() throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(verticle.endpoint() + "/health")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"kind\":\"trainer\"");
  }

  @Test
  void metricsAreNamedAndTypedForPrometheus() throws Exception {
    HTTP.send(HttpRequest.newBuilder(URI.create(verticle.endpoint() + "/health")).build(),
        HttpResponse.BodyHandlers.ofString());
    String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(verticle.endpoint() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();

    assertThat(metrics).contains("# TYPE shears_heartbeats_total counter",
        "# TYPE shears_trainer_running gauge", "# TYPE http_server_requests_seconds histogram",
        "uri=\"/health\"", "# TYPE shears_kafka_consumer_lag_records gauge", "consumer=\"assignments\"");
    // A CPU trainer has no GPU gauges, rather than zeros.
    assertThat(metrics).doesNotContain("shears_trainer_gpu_", "quantile=");
  }

  @Test
  void postIsNotAllowed() throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(verticle.endpoint() + "/health"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }

  @Test
  void aRequestBodyIsRefusedWith413() throws Exception {
    RawHttp.Answer r = RawHttp.announceBody(verticle.port(), "GET", "/health", Map.of(), 1_000_000);

    assertThat(r.status()).isEqualTo(413);
    assertThat(r.body()).contains("request bodies are not accepted");
  }

  @Test
  void theDefaultBindAddressIsLoopbackOnly() {
    assertThat(TrainerConfig.of("k:9092", "w").host()).isEqualTo("127.0.0.1");
    assertThat(BindCheck.accepts(InetAddress.getLoopbackAddress(), verticle.port())).isTrue();
    InetAddress other = BindCheck.nonLoopbackAddress().orElse(null);
    assumeTrue(other != null, "this host has no non-loopback IPv4 address to probe from");
    assertThat(BindCheck.accepts(other, verticle.port())).as("reachable on %s", other).isFalse();
  }
}
