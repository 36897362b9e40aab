package dev.shears.dashboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shears.broker.KafkaBroker;
import dev.shears.broker.junit.BindCheck;
import dev.shears.broker.junit.RawHttp;
import dev.shears.broker.junit.RealKafka;
import dev.shears.dashboard.DashboardConfig;
import dev.shears.dashboard.web.DashboardRoutes;
import dev.shears.orchestrator.OrchestratorConfig;
import dev.shears.orchestrator.OrchestratorVerticle;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's mutations (its REST proxy, which the submit form and the experiment buttons use) over real HTTP
 * against a real orchestrator: the bearer token is required, bodies are bounded, and the server binds the loopback
 * interface by default. One dashboard holds the token; another holds none and relays the caller's.
 */
@RealKafka
class DashboardSecurityIT {
  private static final String TOKEN = "dashboard-security-token";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String SPEC = "{\"name\": \"sec\", \"task\": {\"dataset\": \"builtin:synthetic-summarize\","
      + " \"metric\": \"rouge\"}, \"teacher\": {\"model\": \"builtin:tiny-t5\"}, \"method\": \"nash\","
      + " \"training\": {\"steps\": 5}}";

  private static Vertx vertx;
  private static LiveDashboard withToken;
  private static LiveDashboard withoutToken;

  @BeforeAll
  static void start(KafkaBroker broker) throws Exception {
    LiveDashboard.createTopics(broker);
    vertx = Vertx.vertx();
    OrchestratorVerticle orchestrator = new OrchestratorVerticle(
        OrchestratorConfig.builder(broker.bootstrapServers(), TOKEN).port(0).transactionalId("dashboard-sec-it")
            .build(), new SimpleMeterRegistry(), Clock.systemUTC());
    vertx.deployVerticle(orchestrator).await(60, TimeUnit.SECONDS);
    String api = "http://127.0.0.1:" + orchestrator.port();
    withToken = new LiveDashboard(broker.bootstrapServers(), DashboardConfig.of(broker.bootstrapServers(),
        DashboardConfig.DEFAULT_HOST, 0, api, TOKEN)).start();
    withoutToken = new LiveDashboard(broker.bootstrapServers(), DashboardConfig.of(broker.bootstrapServers(),
        DashboardConfig.DEFAULT_HOST, 0, api, null)).start();
  }

  @AfterAll
  static void stop() throws Exception {
    for (LiveDashboard d : new LiveDashboard[] {withToken, withoutToken}) {
      if (d != null) {
        d.close();
      }
    }
    if (vertx != null) {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  private static HttpResponse<String> post(LiveDashboard dash, String path, String authorization, String body)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(dash.url(path))).timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aSubmissionWithoutTokenIs401AndNeverReachesTheOrchestrator() throws Exception {
    HttpResponse<String> r = post(withToken, "/api/experiments", null, SPEC);

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertThat(r.body()).contains("missing bearer token");
  }

  @Test
  void aSubmissionWithAWrongTokenIs401() throws Exception {
    HttpResponse<String> r = post(withToken, "/api/experiments", "Bearer " + "y".repeat(TOKEN.length()), SPEC);

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("invalid bearer token");
  }

  @Test
  void experimentActionsWithoutTokenAre401() throws Exception {
    assertThat(post(withToken, "/api/experiments/exp-x/cancel", null, "{}").statusCode()).isEqualTo(401);
    assertThat(post(withoutToken, "/api/experiments/exp-x/cancel", null, "{}").statusCode()).isEqualTo(401);
  }

  @Test
  void anUnauthorisedLargeBodyIsRefusedBeforeItIsRead() throws Exception {
    RawHttp.Answer r = RawHttp.announceBody(withToken.verticle().actualPort(), "POST", "/api/experiments",
        java.util.Map.of("Content-Type", "application/json"), 64L * 1024 * 1024);

    assertThat(r.status()).isEqualTo(401);
  }

  @Test
  void deleteAnywhereNeedsTheToken() throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(withToken.url("/experiments/x"))).DELETE()
        .build(), HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(401);
  }

  @Test
  void theRightTokenIsForwardedAndTheExperimentCreated() throws Exception {
    HttpResponse<String> r = post(withToken, "/api/experiments", "Bearer " + TOKEN, SPEC);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(r.body()).contains("experimentId");
  }

  @Test
  void aDashboardWithoutATokenRelaysTheCallersAndTheOrchestratorJudgesIt() throws Exception {
    HttpResponse<String> wrong = post(withoutToken, "/api/experiments", "Bearer wrong", SPEC);
    HttpResponse<String> right = post(withoutToken, "/api/experiments", "Bearer " + TOKEN,
        SPEC.replace("\"sec\"", "\"sec-relayed\""));

    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(right.statusCode()).as(right.body()).isEqualTo(201);
  }

  @Test
  void aBodyAboveTheLimitIs413NamingTheLimit() throws Exception {
    RawHttp.Answer r = RawHttp.announceBody(withToken.verticle().actualPort(), "POST", "/api/experiments",
        java.util.Map.of("Content-Type", "application/json", "Authorization", "Bearer " + TOKEN),
        DashboardRoutes.BODY_LIMIT + 1);

    assertThat(r.status()).isEqualTo(413);
    assertThat(r.body()).contains("exceeds the limit of " + DashboardRoutes.BODY_LIMIT + " bytes");
  }

  @Test
  void theDefaultBindAddressIsLoopbackOnly() {
    assertThat(DashboardConfig.defaults("k:9092", null).host()).isEqualTo("127.0.0.1");
    int port = withToken.verticle().actualPort();
    assertThat(BindCheck.accepts(InetAddress.getLoopbackAddress(), port)).isTrue();
    InetAddress other = BindCheck.nonLoopbackAddress().orElse(null);
    assumeTrue(other != null, "this host has no non-loopback IPv4 address to probe from");
    assertThat(BindCheck.accepts(other, port)).as("reachable on %s", other).isFalse();
  }
}
