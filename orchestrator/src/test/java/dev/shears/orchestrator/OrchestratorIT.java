package dev.shears.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shears.broker.junit.Await;
import dev.shears.broker.junit.BootstrapServers;
import dev.shears.broker.junit.RealKafka;
import dev.shears.events.Envelope;
import dev.shears.events.Revocation;
import dev.shears.events.StageStarted;
import dev.shears.events.TrialCheckpointed;
import dev.shears.events.TrialStarted;
import dev.shears.events.TrialSucceeded;
import dev.shears.events.ValidationEvent;
import dev.shears.orchestrator.internal.Topology;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The orchestrator against a real broker, with trainers simulated by plain Kafka clients. */
@RealKafka
class OrchestratorIT {
  private static final String TOKEN = "it-token";
  private static final long GB = 1024;
  private static final Duration LEASE = Duration.ofSeconds(3);

  private final String bootstrap;
  private Vertx vertx;
  private OrchestratorVerticle verticle;
  private OrchestratorClient client;

  OrchestratorIT(@BootstrapServers String bootstrap) {
    this.bootstrap = bootstrap;
  }

  @BeforeAll
  static void topics(@BootstrapServers String bootstrap) {
    Topology.ensure(bootstrap);
  }

  @AfterEach
  void stop() throws Exception {
    if (vertx != null) {
      await(vertx.close());
    }
  }

  private void start(Duration lease) throws Exception {
    vertx = Vertx.vertx();
    OrchestratorConfig config = OrchestratorConfig.builder(bootstrap, TOKEN).port(0).leaseTimeout(lease)
        .tickInterval(Duration.ofMillis(100)).roots(List.of(Path.of("/tmp/data")), List.of(Path.of("/tmp/models")))
        .build();
    verticle = new OrchestratorVerticle(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        Clock.systemUTC());
    await(vertx.deployVerticle(verticle));
    client = new OrchestratorClient(URI.create("http://127.0.0.1:" + verticle.port()), TOKEN, Duration.ofSeconds(10));
  }

  /**
   * Tests share the broker's log: cancel the experiments earlier tests left running, and wait for their simulated
   * trainers' leases to run out.
   */
  private void awaitNoLiveTrainers() {
    for (JsonNode x : call(() -> client.experiments()).body()) {
      String state = x.path("state").asText();
      if (state.equals("ACTIVE") || state.equals("PAUSED")) {
        assertThat(call(() -> client.cancel(x.path("experimentId").asText())).status()).isEqualTo(200);
      }
    }
    Await.until(Duration.ofSeconds(30), "the simulated trainers of earlier tests to expire", () -> {
      JsonNode fleet = call(() -> client.fleet()).body();
      for (JsonNode w : fleet) {
        if (w.path("kind").asText().equals("trainer") && w.path("alive").asBoolean()) {
          return false;
        }
      }
      return true;
    });
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
  }

  private static String spec(String name, String extra) {
    return """
        name: %s
        task: {dataset: builtin:synthetic-summarize, metric: rouge}
        teacher: {model: builtin:tiny-t5}
        method: nash
        nash: {decoderLayers: {grid: [1, 2, 3]}, selection: uniform}
        training: {steps: 10, seed: {list: [1, 2]}}
        resources: {gpus: 1, gpuMemoryGb: 8}
        %s
        """.formatted(name, extra);
  }

  private String submit(String yaml) throws IOException {
    OrchestratorClient.Response r = client.submit(yaml.getBytes(StandardCharsets.UTF_8), "application/yaml");
    assertThat(r.status()).as("%s", r.body()).isEqualTo(201);
    return r.body().get("experimentId").asText();
  }

  private JsonNode experiment(String id) {
    OrchestratorClient.Response r = call(() -> client.experiment(id));
    assertThat(r.status()).isEqualTo(200);
    return r.body();
  }

  private JsonNode trial(String id) {
    return call(() -> client.trial(id)).body();
  }

  private int assignmentsSeen(SimulatedWorker w) {
    return w.assignments().size();
  }

  interface Call {
    OrchestratorClient.Response run() throws IOException;
  }

  private static OrchestratorClient.Response call(Call call) {
    try {
      return call.run();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static int count(JsonNode experiment, String state) {
    return experiment.path("counts").path(state).asInt(0);
  }

  @Test
  void submittedTrialsAreAssignedAndARestartedOrchestratorKeepsThemWithoutDuplicates() throws Exception {
    start(LEASE);
    awaitNoLiveTrainers();
    try (SimulatedWorker w = new SimulatedWorker(bootstrap, "w-" + UUID.randomUUID(), 16 * GB, 16 * GB)) {
      w.startHeartbeats(Duration.ofMillis(300));
      String id = submit(spec("restart", ""));
      Await.until(Duration.ofSeconds(30), () -> "4 assignments, got " + w.assignments().size(),
          () -> w.assignments().size() >= 4);
      Envelope first = w.assignments().get(0);
      assertThat(first.attempt()).isEqualTo(1);
      assertThat(first.payload()).isInstanceOf(dev.shears.events.Assignment.class);
      dev.shears.events.Assignment a = (dev.shears.events.Assignment) first.payload();
      assertThat(a.spec().get("trialId").asText()).isEqualTo(first.trialId());
      assertThat(a.spec().get("experimentId").asText()).isEqualTo(id);
      assertThat(a.spec().at("/nash/decoderLayers").isInt()).isTrue();
      Await.until(Duration.ofSeconds(10), "4 ASSIGNED in the API", () -> count(experiment(id), "ASSIGNED") == 4);
      JsonNode before = experiment(id);
      assertThat(count(before, "PENDING")).isEqualTo(2);

      // Recent heartbeats on every fleet partition: the restarted reader seeks the fleet topic by time and must
      // still replay its logs from the beginning.
      for (int i = 0; i < 12; i++) {
        w.send(Envelope.of(new dev.shears.events.WorkerHeartbeat("svc-" + i, "evaluator", "h", List.of(), List.of(),
            0, null), Instant.now()));
      }
      // Kill the orchestrator: a fresh Vert.x, a new verticle, the same log.
      await(vertx.close());
      start(LEASE);
      JsonNode after = experiment(id);
      assertThat(after.get("counts")).isEqualTo(before.get("counts"));
      assertThat(after.get("trials")).isEqualTo(before.get("trials"));
      assertThat(verticle.recoveryTime()).isLessThan(Duration.ofSeconds(10));

      // A finished trial frees room for exactly one pending trial; nothing is assigned twice.
      String done = first.trialId();
      w.send(Envelope.of(new TrialStarted(w.id), id, done, 1, 1, Instant.now()));
      w.send(Envelope.of(new TrialSucceeded(null, Map.of("rouge1", 0.3)), id, done, 1, 2, Instant.now()));
      w.finished(done);
      Await.until(Duration.ofSeconds(30), () -> "a fifth assignment, got " + w.assignments().size(),
          () -> w.assignments().size() >= 5);
      Await.until(Duration.ofSeconds(10), "the API shows it", () -> count(experiment(id), "SUCCEEDED") == 1
          && count(experiment(id), "ASSIGNED") == 4);
      Map<String, Long> perTrial = w.assignments().stream()
          .collect(Collectors.groupingBy(Envelope::trialId, Collectors.counting()));
      assertThat(perTrial).hasSize(5).allSatisfy((trial, n) -> assertThat(n).as(trial).isEqualTo(1L));
    }
  }

  @Test
  void aSilentWorkerLosesItsTrialWhichResumesElsewhereFromItsCheckpoint() throws Exception {
    start(LEASE);
    awaitNoLiveTrainers();
    try (SimulatedWorker lost = new SimulatedWorker(bootstrap, "lost-" + UUID.randomUUID(), 16 * GB);
        SimulatedWorker spare = new SimulatedWorker(bootstrap, "spare-" + UUID.randomUUID(), 16 * GB)) {
      lost.startHeartbeats(Duration.ofMillis(300));
      String id = submit(spec("lease", "").replace("{grid: [1, 2, 3]}", "3").replace("{list: [1, 2]}", "7"));
      Await.until(Duration.ofSeconds(30), "an assignment", () -> !lost.assignments().isEmpty());
      String trial = lost.assignments().get(0).trialId();
      lost.send(Envelope.of(new TrialStarted(lost.id), id, trial, 1, 1, Instant.now()));
      lost.send(Envelope.of(new TrialCheckpointed("prune-encoder", 40, "file:/ck/40", "abc"), id, trial, 1, 2,
          Instant.now()));
      Await.until(Duration.ofSeconds(10), "RUNNING with a checkpoint", () -> {
        JsonNode t = trial(trial);
        return t.path("state").asText().equals("RUNNING") && t.path("lastCheckpoint").asText().equals("file:/ck/40");
      });
      lost.stopHeartbeats();
      spare.startHeartbeats(Duration.ofMillis(300));
      Await.until(Duration.ofSeconds(30), "the spare gets the trial", () -> !spare.assignments().isEmpty());
      Envelope again = spare.assignments().get(0);
      assertThat(again.trialId()).isEqualTo(trial);
      assertThat(again.attempt()).as("%s; lost got %s", trial(trial), lost.received()).isEqualTo(2);
      assertThat(((dev.shears.events.Assignment) again.payload()).resumeCheckpoint()).isEqualTo("file:/ck/40");
      Await.until(Duration.ofSeconds(10), "a revocation for the lost worker",
          () -> lost.received().stream().anyMatch(e -> e.type().equals("Revocation")));
      JsonNode t = client.trial(trial).body();
      assertThat(t.path("attempt").asInt()).isEqualTo(2);
      assertThat(t.path("workerId").asText()).isEqualTo(spare.id);
      assertThat(t.path("reason").asText()).contains("lease expired").contains(lost.id);
      // The old attempt is fenced: its late success does not finish the trial.
      lost.send(Envelope.of(new TrialSucceeded(null, Map.of()), id, trial, 1, 3, Instant.now()));
      spare.send(Envelope.of(new TrialStarted(spare.id), id, trial, 2, 1, Instant.now()));
      Await.until(Duration.ofSeconds(10), "attempt 2 RUNNING",
          () -> trial(trial).path("state").asText().equals("RUNNING"));
    }
  }

  @Test
  void badInputIsRefusedWithEveryProblemAndTheServerCarriesOn() throws Exception {
    start(LEASE);
    int experimentsBefore = client.experiments().body().size();
    OrchestratorClient anonymous = new OrchestratorClient(URI.create("http://127.0.0.1:" + verticle.port()), null,
        Duration.ofSeconds(10));
    byte[] good = spec("auth", "").getBytes(StandardCharsets.UTF_8);
    assertThat(anonymous.submit(good, "application/yaml").status()).isEqualTo(401);
    OrchestratorClient wrong = new OrchestratorClient(URI.create("http://127.0.0.1:" + verticle.port()), "nope",
        Duration.ofSeconds(10));
    assertThat(wrong.submit(good, "application/yaml").status()).isEqualTo(401);

    OrchestratorClient.Response bad = client.submit(spec("bad", "maxAttempts: -1").replace("nash\n", "magic\n")
        .replace("gpuMemoryGb: 8", "gpuMemoryGb: .nan").replace("builtin:synthetic-summarize",
            "../../etc/passwd, inputField: a, targetField: b").getBytes(StandardCharsets.UTF_8), "application/yaml");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().findValuesAsText("path")).containsExactlyInAnyOrder(
        "method", "resources.gpuMemoryGb", "task.dataset", "maxAttempts");

    byte[] huge = new byte[10 * 1024 * 1024];
    java.util.Arrays.fill(huge, (byte) 'a');
    OrchestratorClient.Response tooBig = client.submit(huge, "application/yaml");
    assertThat(tooBig.status()).isEqualTo(413);
    assertThat(tooBig.body().get(0).get("message").asText()).contains("exceeds the limit");

    StringBuilder bomb = new StringBuilder("a: &a [x,x,x,x,x,x,x,x,x]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      bomb.append(c).append(": &").append(c).append(" [").append(String.join(",",
          java.util.Collections.nCopies(9, "*" + (char) (c - 1)))).append("]\n");
    }
    OrchestratorClient.Response bombed = client.submit(bomb.toString().getBytes(StandardCharsets.UTF_8),
        "application/yaml");
    assertThat(bombed.status()).isEqualTo(400);
    OrchestratorClient.Response json = client.submit("{\"name\": 3, \"extra\": true}".getBytes(StandardCharsets.UTF_8),
        "application/json");
    assertThat(json.body().findValuesAsText("path")).containsExactlyInAnyOrder("name", "extra", "task", "teacher",
        "method");

    assertThat(client.experiments().body().size()).isEqualTo(experimentsBefore);
    assertThat(client.experiment("exp-missing").status()).isEqualTo(404);
    assertThat(anonymous.cancel("exp-missing").status()).isEqualTo(401);
    HealthCheck.assertUp(verticle.port());
  }

  @Test
  void idempotentSubmitCancelAndPauseResume() throws Exception {
    start(LEASE);
    awaitNoLiveTrainers();
    try (SimulatedWorker w = new SimulatedWorker(bootstrap, "c-" + UUID.randomUUID(), 80 * GB)) {
      w.startHeartbeats(Duration.ofMillis(300));
      String key = "key-" + UUID.randomUUID();
      byte[] yaml = spec("idem", "idempotencyKey: " + key).getBytes(StandardCharsets.UTF_8);
      OrchestratorClient.Response first = client.submit(yaml, "application/yaml");
      OrchestratorClient.Response second = client.submit(yaml, "application/yaml");
      assertThat(first.status()).isEqualTo(201);
      assertThat(second.status()).isEqualTo(200);
      String id = first.body().get("experimentId").asText();
      assertThat(second.body().get("experimentId").asText()).isEqualTo(id);
      OrchestratorClient.Response changed = client.submit(spec("idem-changed", "idempotencyKey: " + key)
          .getBytes(StandardCharsets.UTF_8), "application/yaml");
      assertThat(changed.status()).isEqualTo(409);
      assertThat(changed.body().get(0).get("path").asText()).isEqualTo("idempotencyKey");
      Await.until(Duration.ofSeconds(30), "6 assignments", () -> w.assignments().size() == 6);

      assertThat(client.pause(id).body().get("state").asText()).isEqualTo("PAUSED");
      Await.until(Duration.ofSeconds(10), "6 PAUSED", () -> count(experiment(id), "PAUSED") == 6);
      Await.until(Duration.ofSeconds(10), "6 revocations", () -> w.received().stream()
          .filter(e -> e.type().equals("Revocation")).count() == 6);
      assertThat(client.resume(id).body().get("state").asText()).isEqualTo("ACTIVE");
      Await.until(Duration.ofSeconds(30), "6 more assignments, attempt 2", () -> w.assignments().size() == 12);
      assertThat(w.assignments().subList(6, 12)).allSatisfy(e -> assertThat(e.attempt()).isEqualTo(2));

      OrchestratorClient.Response cancelled = client.cancel(id);
      assertThat(cancelled.status()).isEqualTo(200);
      assertThat(cancelled.body().get("state").asText()).isEqualTo("CANCELLED");
      Await.until(Duration.ofSeconds(10), "6 CANCELLED", () -> count(experiment(id), "CANCELLED") == 6);
      assertThat(client.resume(id).status()).isEqualTo(409);
      JsonNode report = client.report(id).body();
      assertThat(report.get("rows")).hasSize(6);
      assertThat(report.get("rows").get(0).get("params").fieldNames()).toIterable()
          .containsExactly("nash.decoderLayers", "training.seed");
      assertThat(client.fleet().body().findValuesAsText("workerId")).contains(w.id);
    }
  }

  @Test
  void anAshaSweepStopsTheTrialsOutsideTheBestThirdAtTheFirstRungAndReleasesTheirGpus() throws Exception {
    start(Duration.ofSeconds(30));
    awaitNoLiveTrainers();
    try (SimulatedWorker w = new SimulatedWorker(bootstrap, "asha-" + UUID.randomUUID(), 16 * GB, 16 * GB, 16 * GB,
        16 * GB, 16 * GB, 16 * GB)) {
      w.startHeartbeats(Duration.ofMillis(300));
      String id = submit(spec("asha", "search: {scheduler: asha, gracePeriod: 10, reductionFactor: 3, maxSteps: 100}"));
      Await.until(Duration.ofSeconds(30), "6 assignments", () -> w.assignments().size() == 6);
      List<String> trials = w.assignments().stream().map(Envelope::trialId).sorted().toList();
      Map<String, Integer> attempts = w.assignments().stream()
          .collect(Collectors.toMap(Envelope::trialId, Envelope::attempt));
      for (String t : trials) {
        w.send(Envelope.of(new TrialStarted(w.id), id, t, attempts.get(t), 1, Instant.now()));
      }
      // Two good results first, each known to be applied (a later event of its partition was) before the rest.
      double[] losses = {1.0, 0.5, 5.0, 6.0, 7.0, 8.0}; // the second is better than the first: both promoted
      for (int i = 0; i < 2; i++) {
        String t = trials.get(i);
        w.send(Envelope.of(new ValidationEvent(10, "prune-encoder", losses[i], null), id, t, attempts.get(t), 2,
            Instant.now()));
        w.send(Envelope.of(new StageStarted("finetune-pruned", 11), id, t, attempts.get(t), 3, Instant.now()));
        Await.until(Duration.ofSeconds(10), t + " at step 11", () -> trial(t).path("step").asLong() == 11);
      }
      // Whatever order these four arrive in, each is worse than the best third of the results before it.
      for (int i = 2; i < 6; i++) {
        String t = trials.get(i);
        w.send(Envelope.of(new ValidationEvent(10, "prune-encoder", losses[i], null), id, t, attempts.get(t), 2,
            Instant.now()));
      }
      Await.until(Duration.ofSeconds(15), "4 STOPPED", () -> count(experiment(id), "STOPPED") == 4);
      Await.until(Duration.ofSeconds(10), "4 early-stop revocations", () -> w.received().stream()
          .filter(e -> e.payload() instanceof Revocation r && r.reason().equals("early-stop")).count() == 4);
      assertThat(w.received().stream().filter(e -> e.payload() instanceof Revocation).map(Envelope::trialId))
          .containsExactlyInAnyOrderElementsOf(trials.subList(2, 6));
      assertThat(trial(trials.get(3)).path("reason").asText()).startsWith("asha: validationLoss 6.000 at step 10");
      Await.until(Duration.ofSeconds(10), "the stopped trials' GPUs released", () -> {
        for (JsonNode worker : call(() -> client.fleet()).body()) {
          if (worker.path("workerId").asText().equals(w.id)) {
            return worker.path("trials").size() == 2;
          }
        }
        return false;
      });

      for (int i = 0; i < 2; i++) {
        String t = trials.get(i);
        w.send(Envelope.of(new TrialSucceeded("file:///tmp/export-" + i, Map.of()), id, t, attempts.get(t), 4,
            Instant.now()));
        w.finished(t);
      }
      Await.until(Duration.ofSeconds(10), "COMPLETED", () -> experiment(id).path("state").asText()
          .equals("COMPLETED"));
      JsonNode rows = client.report(id).body().get("rows");
      assertThat(rows).hasSize(6);
      assertThat(rows.findValuesAsText("state")).containsOnly("SUCCEEDED", "STOPPED")
          .filteredOn("STOPPED"::equals).hasSize(4);
    }
  }

  /** GET /health and /metrics answer. */
  static final class HealthCheck {
    static void assertUp(int port) throws Exception {
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      for (Map.Entry<String, Function<String, Boolean>> check : Map.<String, Function<String, Boolean>>of(
          "/health", body -> body.contains("\"UP\""),
          "/metrics", body -> body.contains("shears_orchestrator_transactions_total")
              && body.contains("# TYPE shears_orchestrator_transaction_seconds histogram")
              && body.contains("# TYPE shears_orchestrator_tick_seconds histogram")
              && body.contains("# TYPE shears_orchestrator_fleet_gpu_memory_allocated_ratio gauge")
              && body.contains("# TYPE http_server_requests_seconds histogram")
              && body.contains("consumer=\"log-reader\"") && !body.contains("quantile=")).entrySet()) {
        java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + check.getKey())).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(check.getKey()).isEqualTo(200);
        assertThat(check.getValue().apply(r.body())).as(check.getKey() + ": " + r.body()).isTrue();
      }
    }
  }
}
