package dev.shears.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpsEndpointTest {
  private final AtomicInteger status = new AtomicInteger(200);
  // HTTP/1.1, as Prometheus and health probes speak it (no h2c upgrade).
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private Vertx vertx;
  private String base;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.counter("shears.test.count").increment(3);
    HttpServer server = vertx.createHttpServer()
        .requestHandler(new OpsEndpoint(() -> new OpsEndpoint.Health(status.get(), "{\"status\":\"UP\"}"), registry))
        .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + server.actualPort();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthAnswersTheWorkersStatusAndBody() throws Exception {
    HttpResponse<String> up = send(HttpRequest.newBuilder(URI.create(base + "/health")));
    assertThat(up.statusCode()).isEqualTo(200);
    assertThat(up.body()).isEqualTo("{\"status\":\"UP\"}");
    assertThat(up.headers().firstValue("content-type")).hasValue("application/json");
    status.set(503);
    assertThat(send(HttpRequest.newBuilder(URI.create(base + "/health"))).statusCode()).isEqualTo(503);
  }

  @Test
  void metricsAreThePrometheusScrapeAndOtherPathsAre404() throws Exception {
    HttpResponse<String> metrics = send(HttpRequest.newBuilder(URI.create(base + "/metrics")));
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("shears_test_count_total 3.0");
    HttpResponse<String> missing = send(HttpRequest.newBuilder(URI.create(base + "/nope")));
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("no route /nope");
  }

  @Test
  void mutatingMethodsAre405AndBodiesAre413() throws Exception {
    HttpResponse<String> post = send(HttpRequest.newBuilder(URI.create(base + "/health"))
        .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    HttpResponse<String> body = send(HttpRequest.newBuilder(URI.create(base + "/health"))
        .method("GET", HttpRequest.BodyPublishers.ofString("x".repeat(100))));
    assertThat(body.statusCode()).isEqualTo(413);
    assertThat(body.body()).contains("request bodies are not accepted here");
    assertThat(body.headers().firstValue("Connection")).hasValue("close");
    // A refused request without a body keeps its connection: the same pooled client goes on working.
    for (int i = 0; i < 5; i++) {
      send(HttpRequest.newBuilder(URI.create(base + "/metrics")).DELETE());
      assertThat(send(HttpRequest.newBuilder(URI.create(base + "/health"))).statusCode()).isEqualTo(200);
    }
  }
}
