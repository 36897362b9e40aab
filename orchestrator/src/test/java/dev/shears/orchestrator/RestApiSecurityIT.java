package dev.shears.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shears.broker.junit.BindCheck;
import dev.shears.broker.junit.BootstrapServers;
import dev.shears.broker.junit.RawHttp;
import dev.shears.broker.junit.RealKafka;
import dev.shears.orchestrator.internal.Topology;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST API's security rules over real HTTP (DESIGN §8): mutations need the bearer token, the server binds the
 * loopback interface by default, bodies are size-limited, and spec paths stay under the configured roots.
 */
@RealKafka
class RestApiSecurityIT {
  private static final String TOKEN = "s3cret-token-for-tests";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  static Path dir;

  private static Vertx vertx;
  private static OrchestratorVerticle verticle;
  private static OrchestratorConfig config;

  @BeforeAll
  static void start(@BootstrapServers String bootstrap) throws Exception {
    Topology.ensure(bootstrap);
    Files.createDirectories(dir.resolve("data"));
    Files.createDirectories(dir.resolve("models"));
    Files.createDirectories(dir.resolve("outside"));
    Files.writeString(dir.resolve("outside/secret.jsonl"), "{\"input\": \"a\", \"target\": \"b\"}\n");
    Files.createSymbolicLink(dir.resolve("data/escape"), dir.resolve("outside"));
    vertx = Vertx.vertx();
    config = OrchestratorConfig.builder(bootstrap, TOKEN).port(0).transactionalId("security-it")
        .roots(List.of(dir.resolve("data")), List.of(dir.resolve("models"))).build();
    verticle = new OrchestratorVerticle(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        Clock.systemUTC());
    vertx.deployVerticle(verticle).toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static String spec(String dataset) {
    return """
        name: security
        task: {dataset: %s, metric: rouge, inputField: input, targetField: target}
        teacher: {model: builtin:tiny-t5}
        method: nash
        training: {steps: 10}
        """.formatted(dataset);
  }

  private static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + verticle.port() + path))
        .timeout(Duration.ofSeconds(20));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.BodyPublisher yaml(String text) {
    return HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8);
  }

  @Test
  void submitWithoutTokenIs401AndSaysHowToAuthenticate() throws Exception {
    HttpResponse<String> r = send(request("/api/experiments").header("Content-Type", "application/yaml")
        .POST(yaml(spec("builtin:synthetic-summarize"))));

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertThat(r.body()).contains("missing bearer token").contains("SHEARS_TOKEN");
  }

  @Test
  void submitWithAWrongTokenOfTheSameLengthIs401() throws Exception {
    String wrong = "x".repeat(TOKEN.length());

    HttpResponse<String> r = send(request("/api/experiments").header("Content-Type", "application/yaml")
        .header("Authorization", "Bearer " + wrong).POST(yaml(spec("builtin:synthetic-summarize"))));

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("invalid bearer token");
  }

  @Test
  void controlActionsWithoutTokenAre401() throws Exception {
    for (String action : List.of("cancel", "pause", "resume")) {
      HttpResponse<String> r = send(request("/api/experiments/exp-x/" + action)
          .POST(HttpRequest.BodyPublishers.noBody()));
      assertThat(r.statusCode()).as(action).isEqualTo(401);
    }
  }

  @Test
  void putAndDeleteNeedTheTokenEvenWhereNoRouteExists() throws Exception {
    assertThat(send(request("/api/experiments/exp-x").DELETE()).statusCode()).isEqualTo(401);
    assertThat(send(request("/api/experiments/exp-x").PUT(yaml("x"))).statusCode()).isEqualTo(401);
    assertThat(send(request("/api/experiments/exp-x").header("Authorization", "Bearer " + TOKEN).DELETE())
        .statusCode()).isEqualTo(404);
  }

  @Test
  void readsNeedNoToken() throws Exception {
    assertThat(send(request("/api/experiments").GET()).statusCode()).isEqualTo(200);
    assertThat(send(request("/health").GET()).statusCode()).isIn(200, 503);
  }

  @Test
  void anUnauthorisedLargeBodyIsRefusedBeforeItIsRead() throws Exception {
    RawHttp.Answer r = RawHttp.announceBody(verticle.port(), "POST", "/api/experiments",
        Map.of("Content-Type", "application/yaml"), 8L * 1024 * 1024);

    assertThat(r.status()).isEqualTo(401);
  }

  @Test
  void aBodyAboveTheLimitIs413NamingTheLimit() throws Exception {
    int limit = config.limits().maxDocumentBytes();

    RawHttp.Answer r = RawHttp.announceBody(verticle.port(), "POST", "/api/experiments",
        Map.of("Content-Type", "application/yaml", "Authorization", "Bearer " + TOKEN), limit + 1);

    assertThat(r.status()).isEqualTo(413);
    assertThat(r.body()).contains("exceeds the limit of " + limit + " bytes");
  }

  @Test
  void aSentBodyAboveTheLimitIs413Too() throws Exception {
    byte[] big = new byte[config.limits().maxDocumentBytes() * 2];
    java.util.Arrays.fill(big, (byte) '#');

    HttpResponse<String> r = send(request("/api/experiments").header("Content-Type", "application/yaml")
        .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofByteArray(big)));

    assertThat(r.statusCode()).isEqualTo(413);
  }

  @Test
  void aDatasetBehindASymbolicLinkOutOfTheRootsIsRefused() throws Exception {
    HttpResponse<String> r = send(request("/api/experiments").header("Content-Type", "application/yaml")
        .header("Authorization", "Bearer " + TOKEN).POST(yaml(spec("escape/secret.jsonl"))));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("task.dataset").contains("symbolic link");
  }

  @Test
  void aDotDotPathIsRefused() throws Exception {
    HttpResponse<String> r = send(request("/api/experiments").header("Content-Type", "application/yaml")
        .header("Authorization", "Bearer " + TOKEN).POST(yaml(spec("../outside/secret.jsonl"))));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("task.dataset").contains("contains '..'");
  }

  @Test
  void theDefaultBindAddressIsLoopbackOnly() {
    assertThat(config.host()).isEqualTo("127.0.0.1");
    assertThat(BindCheck.accepts(InetAddress.getLoopbackAddress(), verticle.port())).isTrue();
    InetAddress other = BindCheck.nonLoopbackAddress().orElse(null);
    assumeTrue(other != null, "this host has no non-loopback IPv4 address to probe from");
    assertThat(BindCheck.accepts(other, verticle.port())).as("reachable on %s", other).isFalse();
  }
}
