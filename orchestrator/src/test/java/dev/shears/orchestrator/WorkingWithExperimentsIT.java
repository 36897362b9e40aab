package dev.shears.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shears.broker.junit.Await;
import dev.shears.broker.junit.BootstrapServers;
import dev.shears.broker.junit.RealKafka;
import dev.shears.orchestrator.internal.Topology;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Tags and notes on an experiment, and cancel and retry of one trial, through the REST API of a real orchestrator
 * on a real broker: validation errors name the field, and what was set survives a restart (it is replayed from
 * {@code shears.experiments}).
 */
@RealKafka
class WorkingWithExperimentsIT {
  private static final String TOKEN = "token-for-working-with-experiments";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SPEC = """
      name: annotated
      task: {dataset: builtin:synthetic-summarize, metric: rouge}
      teacher: {model: builtin:tiny-t5}
      method: nash
      training: {steps: 10, seed: {list: [1, 2]}}
      """;

  @Test
  void tagsAndNoteAreValidatedWrittenAndReplayedAndOneTrialIsCancelledAndRetried(@BootstrapServers String bootstrap)
      throws Exception {
    Topology.ensure(bootstrap);
    Vertx vertx = Vertx.vertx();
    try {
      OrchestratorVerticle first = start(vertx, bootstrap);
      String base = "http://127.0.0.1:" + first.port();
      HttpResponse<String> submitted = post(base + "/api/experiments", "application/yaml", SPEC);
      assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
      String id = JSON.readTree(submitted.body()).path("experimentId").asText();

      HttpResponse<String> bad = post(base + "/api/experiments/" + id + "/annotations", "application/json",
          "{\"tags\": [\"ok\", \"no spaces\", 3], \"note\": \"fine\"}");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(bad.body()).findValuesAsText("path")).containsExactly("tags[1]", "tags[2]");
      HttpResponse<String> badTag = post(base + "/api/experiments/" + id + "/annotations", "application/json",
          "{\"tags\": [\"ok\", \"no spaces\"], \"note\": \"" + "n".repeat(2001) + "\"}");
      assertThat(badTag.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(badTag.body()).findValuesAsText("path")).containsExactly("tags[1]", "note");
      assertThat(badTag.body()).contains("'no spaces' may hold only letters", "at most 2000");

      HttpResponse<String> good = post(base + "/api/experiments/" + id + "/annotations", "application/json",
          "{\"tags\": [\"baseline\", \"v2\"], \"note\": \"first try\\nsecond line\"}");
      assertThat(good.statusCode()).as(good.body()).isEqualTo(200);

      JsonNode experiment = get(base + "/api/experiments/" + id);
      String trial = experiment.path("trials").get(0).path("trialId").asText();
      assertThat(post(base + "/api/trials/" + trial + "/retry", "application/json", "{}").body())
          .contains("only a failed, cancelled or stopped trial can be retried");
      assertThat(post(base + "/api/trials/nope/cancel", "application/json", "{}").statusCode()).isEqualTo(404);
      assertThat(post(base + "/api/trials/" + trial + "/restart", "application/json", "{}").body())
          .contains("use cancel or retry");
      assertThat(post(base + "/api/trials/" + trial + "/cancel", "application/json", "{}").statusCode())
          .isEqualTo(200);
      awaitState(base, trial, "CANCELLED");
      assertThat(get(base + "/api/trials/" + experiment.path("trials").get(1).path("trialId").asText())
          .path("state").asText()).as("the other trial").isEqualTo("PENDING");
      assertThat(post(base + "/api/trials/" + trial + "/retry", "application/json", "{}").statusCode())
          .isEqualTo(200);
      awaitState(base, trial, "REQUEUED");
      assertThat(get(base + "/api/trials/" + trial).path("attempt").asInt()).isEqualTo(1);

      vertx.undeploy(vertx.deploymentIDs().iterator().next()).await(30, TimeUnit.SECONDS);
      OrchestratorVerticle second = start(vertx, bootstrap);
      String again = "http://127.0.0.1:" + second.port();
      JsonNode replayed = get(again + "/api/experiments/" + id);
      assertThat(replayed.path("tags").toString()).isEqualTo("[\"baseline\",\"v2\"]");
      assertThat(replayed.path("note").asText()).isEqualTo("first try\nsecond line");
      assertThat(get(again + "/api/trials/" + trial).path("state").asText()).isEqualTo("REQUEUED");
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  private static OrchestratorVerticle start(Vertx vertx, String bootstrap) throws Exception {
    OrchestratorConfig config = OrchestratorConfig.builder(bootstrap, TOKEN).port(0)
        .transactionalId("working-with-experiments-it").build();
    OrchestratorVerticle verticle = new OrchestratorVerticle(config,
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
    vertx.deployVerticle(verticle).await(90, TimeUnit.SECONDS);
    return verticle;
  }

  private static void awaitState(String base, String trial, String state) {
    Await.until(Duration.ofSeconds(30), "trial " + trial + " to be " + state, () -> {
      try {
        return get(base + "/api/trials/" + trial).path("state").asText().equals(state);
      } catch (Exception e) {
        return false;
      }
    });
  }

  private static HttpResponse<String> post(String url, String type, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", type)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode get(String url) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET %s: %s", url, r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }
}
