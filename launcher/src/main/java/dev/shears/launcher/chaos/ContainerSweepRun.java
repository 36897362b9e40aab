package dev.shears.launcher.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shears.events.LossEvent;
import dev.shears.events.Topics;
import dev.shears.events.WorkerHeartbeat;
import dev.shears.launcher.chaos.ChaosChecks.Check;
import dev.shears.launcher.chaos.ChaosChecks.Consumed;
import dev.shears.launcher.chaos.SweepQueries.Hit;
import dev.shears.orchestrator.OrchestratorClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

/**
 * One run of the chaos sweep on the compose fleet in containers on the local Docker engine: three Kafka nodes,
 * the orchestrator, two trainers, an evaluator, the dashboard and Prometheus ({@code compose/docker-compose.yml}
 * plus {@code compose/chaos.yml}). With faults on, each when the events make it meaningful:
 * <ol>
 *   <li>{@code docker kill} the Kafka node leading the telemetry partition of the first trial that trains (then
 *       {@code docker start} it);
 *   <li>{@code docker kill} a trainer that checkpointed a trial in prune-encoder (then {@code docker start} it, as
 *       a restart policy restarts a crashed container: same worker id);
 *   <li>{@code docker stop} and {@code docker start} the orchestrator once the requeued attempt trains;
 *   <li>{@code docker network disconnect} a trainer running a checkpointed trial for longer than its lease, then
 *       reconnect it: its attempt must be requeued elsewhere and its stale attempt fenced.
 * </ol>
 * The driver reaches Kafka through the nodes' EXTERNAL listeners and the orchestrator through its published port,
 * all on free ports of the host's loopback. The project is torn down (volumes included) on close, after its logs
 * are saved under the work directory.
 */
final class ContainerSweepRun implements FleetRun {
  static final String SPEC_RESOURCE = "chaos-containers-sweep.yaml";
  private static final List<String> TRAINERS = List.of("trainer-1", "trainer-2");
  private static final List<String> LONG_RUNNING = List.of("kafka-1", "kafka-2", "kafka-3", "orchestrator",
      "dashboard", "evaluator", "trainer-1", "trainer-2", "prometheus");
  private static final Duration DOCKER = Duration.ofSeconds(120);

  /**
   * How a run is set up.
   *
   * @param composeFile compose/docker-compose.yml; chaos.yml and build-images.sh are found next to it
   * @param leaseTimeout the orchestrator's trainer lease
   * @param partition how long a trainer stays cut off from the network (longer than the lease)
   * @param timeout the longest wait for any one stage
   * @param buildImages run build-images.sh first (it reuses what exists and rebuilds shears:latest from the jars)
   */
  record Settings(Path composeFile, Duration leaseTimeout, Duration partition, Duration timeout,
      boolean buildImages) {}

  private final Path dir;
  private final Settings settings;
  private final PrintWriter out;
  private final String label;
  private final String token;
  private final List<SweepRun.Fault> faults = new ArrayList<>();
  private final List<String> killed = new ArrayList<>();
  private final List<Check> extraChecks = new ArrayList<>();
  /** Containers down on purpose (a killed Kafka node until it is started again): not a failure of the run. */
  private final Set<String> down = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private DockerCompose compose;
  private boolean started;
  private EventLog log;
  private Admin admin;
  private OrchestratorClient client;
  private String bootstrap;
  private int prometheusPort;
  private long submittedAt;
  private Hit partitioned;
  private BrokerRejoin rejoin;

  ContainerSweepRun(Path dir, Settings settings, PrintWriter out, String label) {
    this.dir = dir;
    this.settings = settings;
    this.out = out;
    this.label = label;
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    this.token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Override
  public SweepRun.Outcome run(byte[] spec, boolean injectFaults) throws IOException {
    Files.createDirectories(dir.resolve("logs"));
    if (settings.buildImages()) {
      buildImages();
    }
    up();
    submittedAt = System.nanoTime();
    String experimentId = submit(spec);
    progress("submitted experiment %s", experimentId);
    if (injectFaults) {
      injectFaults();
    }
    int expected = awaitTrialCount(experimentId);
    awaitEnd(expected);
    Duration wall = Duration.ofNanos(System.nanoTime() - submittedAt);
    progress("every trial ended and every export was evaluated after %.1f s", wall.toMillis() / 1000.0);
    // A second evaluation of the same export, if there were one, would come right after the first.
    SweepRun.pause(Duration.ofSeconds(5));
    if (rejoin != null) {
      rejoin.await(settings.timeout());
    }
    List<Consumed> records = ReadAll.from(bootstrap, Duration.ofSeconds(60));
    writeEvents(records);
    if (partitioned != null) {
      extraChecks.add(ChaosChecks.staleAttemptFenced(records, partitioned.trialId(), partitioned.attempt(),
          partitioned.worker()));
    }
    extraChecks.add(metricsScraped());
    Map<String, Integer> counts = countsOf(experimentId);
    return new SweepRun.Outcome(records, expected, counts, List.copyOf(faults), Set.copyOf(killed), wall,
        List.copyOf(extraChecks));
  }

  /** Every record read back, one JSON line each with its topic, for looking into a failed check. */
  private void writeEvents(List<Consumed> records) throws IOException {
    dev.shears.events.EventCodec codec = new dev.shears.events.EventCodec();
    StringBuilder lines = new StringBuilder();
    for (Consumed c : records) {
      lines.append(c.topic()).append('\t')
          .append(new String(codec.encode(c.envelope()), java.nio.charset.StandardCharsets.UTF_8)).append('\n');
    }
    Files.writeString(dir.resolve("events.tsv"), lines);
  }

  // ------------------------------------------------------------------------------------------------------------
  // The fleet

  private void buildImages() {
    Path root = settings.composeFile().toAbsolutePath().getParent().getParent();
    Path script = settings.composeFile().toAbsolutePath().getParent().resolve("build-images.sh");
    boolean jarBuilt = Files.exists(root.resolve("launcher/target/shears-launcher.jar"));
    progress("building or reusing the images (%s%s)", script, jarBuilt ? " --no-maven" : "");
    long start = System.nanoTime();
    DockerCompose shell = new DockerCompose("unused", List.of(), Map.of(), dir.resolve("logs/build-images.log"));
    if (jarBuilt) {
      shell.exec(Duration.ofMinutes(30), script.toString(), "--no-maven");
    } else {
      shell.exec(Duration.ofMinutes(30), script.toString());
    }
    progress("images ready after %.1f s", (System.nanoTime() - start) / 1e9);
  }

  private void up() {
    int[] ports = SweepRun.freePorts(6);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SHEARS_TOKEN", token);
    env.put("KAFKA_CLUSTER_ID", Uuid.randomUuid().toString());
    env.put("SHEARS_LEASE_TIMEOUT", settings.leaseTimeout().toMillis() + "ms");
    env.put("KAFKA_1_EXTERNAL_PORT", Integer.toString(ports[0]));
    env.put("KAFKA_2_EXTERNAL_PORT", Integer.toString(ports[1]));
    env.put("KAFKA_3_EXTERNAL_PORT", Integer.toString(ports[2]));
    env.put("ORCHESTRATOR_PORT", Integer.toString(ports[3]));
    env.put("DASHBOARD_PORT", Integer.toString(ports[4]));
    env.put("PROMETHEUS_PORT", Integer.toString(ports[5]));
    env.put("KAFKA_EXTERNAL_HOST", "localhost");
    prometheusPort = ports[5];
    Path file = settings.composeFile().toAbsolutePath();
    compose = new DockerCompose("shears-chaos-" + label, List.of(file, file.getParent().resolve("chaos.yml")), env,
        dir.resolve("logs/docker.log"));
    compose.compose(DOCKER, "config", "-q");
    compose.compose(DOCKER, "down", "-v", "--remove-orphans");
    long start = System.nanoTime();
    started = true;
    compose.compose(Duration.ofMinutes(15), "up", "-d");
    await("every container to be healthy", settings.timeout(), () -> compose.health(LONG_RUNNING).values().stream()
        .allMatch("healthy"::equals), false);
    progress("compose project %s healthy after %.1f s: 3 Kafka nodes, orchestrator, dashboard, evaluator, %s,"
        + " prometheus", compose.project(), (System.nanoTime() - start) / 1e9, String.join(", ", TRAINERS));

    bootstrap = "localhost:" + ports[0] + ",localhost:" + ports[1] + ",localhost:" + ports[2];
    log = new EventLog(bootstrap, "shears-chaos-" + label);
    Map<String, Object> adminProps = new LinkedHashMap<>();
    adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    adminProps.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
    adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
    admin = Admin.create(adminProps);
    client = new OrchestratorClient(URI.create("http://127.0.0.1:" + ports[3]), token, Duration.ofSeconds(10));
    awaitOrchestrator();
    for (String id : TRAINERS) {
      await(id + " to heartbeat", Duration.ofSeconds(180), () -> log.any(c ->
          c.envelope().payload() instanceof WorkerHeartbeat h && h.workerId().equals(id)), true);
    }
  }

  private void awaitOrchestrator() {
    await("the orchestrator to recover its state and serve", settings.timeout(), () -> {
      try {
        return client.experiments().ok();
      } catch (IOException e) {
        return false;
      }
    }, true);
  }

  /**
   * Submits the sweep, again after a request that timed out (on a loaded machine a transaction can outlast the
   * client's 10 s): the sweep's idempotency key makes a repeat return the experiment the first one created.
   */
  private String submit(byte[] spec) {
    OrchestratorClient.Response[] answer = new OrchestratorClient.Response[1];
    await("the orchestrator to accept the chaos sweep", settings.timeout(), () -> {
      try {
        answer[0] = client.submit(spec, "application/yaml");
        return answer[0].status() != 503;
      } catch (IOException e) {
        return false;
      }
    }, true);
    OrchestratorClient.Response response = answer[0];
    if (!response.ok()) {
      throw new SweepRun.RunFailure("submit", "the orchestrator rejected the chaos sweep (HTTP "
          + response.status() + "): " + response.body());
    }
    return response.body().path("experimentId").asText();
  }

  private int awaitTrialCount(String experimentId) {
    int[] count = new int[1];
    await("the orchestrator to report experiment " + experimentId, Duration.ofSeconds(120), () -> {
      try {
        OrchestratorClient.Response r = client.experiment(experimentId);
        count[0] = r.body().path("trialCount").asInt(0);
        return r.ok() && count[0] > 0;
      } catch (IOException e) {
        return false;
      }
    }, true);
    return count[0];
  }

  private Map<String, Integer> countsOf(String experimentId) throws IOException {
    OrchestratorClient.Response r = client.experiment(experimentId);
    Map<String, Integer> counts = new LinkedHashMap<>();
    JsonNode node = r.body().path("counts");
    node.fieldNames().forEachRemaining(k -> counts.put(k, node.path(k).asInt()));
    return counts;
  }

  /** Prometheus, in its own container, scrapes /metrics of every Shears service over the compose network. */
  private Check metricsScraped() {
    List<String> problems = new ArrayList<>();
    int up = 0;
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + prometheusPort + "/api/v1/targets")).timeout(Duration.ofSeconds(10))
          .build(), HttpResponse.BodyHandlers.ofString());
      JsonNode targets = new ObjectMapper().readTree(r.body()).path("data").path("activeTargets");
      for (JsonNode t : targets) {
        if (t.path("health").asText().equals("up")) {
          up++;
        } else {
          problems.add(t.path("scrapeUrl").asText() + " is " + t.path("health").asText() + ": "
              + t.path("lastError").asText());
        }
      }
      if (targets.size() < 5) {
        problems.add(0, "Prometheus has " + targets.size() + " targets, expected 5");
      }
    } catch (IOException e) {
      problems.add("cannot ask Prometheus for its targets: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problems.add("interrupted");
    }
    return problems.isEmpty()
        ? new Check("metrics-scraped", true, up + " Prometheus targets up: every service's /metrics")
        : new Check("metrics-scraped", false, String.join("; ", problems));
  }

  // ------------------------------------------------------------------------------------------------------------
  // Faults

  private void injectFaults() {
    killTelemetryLeader();
    String requeued = killTrainer();
    restartOrchestrator(requeued);
    partitionTrainer();
  }

  /** 1. The Kafka node leading the telemetry partition of the first trial that trains. */
  private void killTelemetryLeader() {
    String[] trial = new String[1];
    await("a trial's first loss event", settings.timeout(), () -> {
      Optional<String> t = log.records().stream().filter(c -> c.envelope().payload() instanceof LossEvent)
          .map(c -> c.envelope().trialId()).findFirst();
      t.ifPresent(x -> trial[0] = x);
      return t.isPresent() && log.telemetryPartition(t.get()).isPresent();
    }, true);
    int partition = log.telemetryPartition(trial[0]).orElseThrow();
    int leader = leaderOf(partition).map(Node::id).orElseThrow(() -> new SweepRun.RunFailure("kafka",
        "no leader for " + Topics.TELEMETRY + "-" + partition));
    String node = "kafka-" + leader;
    down.add(node);
    compose.docker(DOCKER, "kill", compose.container(node));
    long killedAt = System.nanoTime();
    fault("docker kill " + node, true, null, "leader of " + Topics.TELEMETRY + "-" + partition + ", which carries "
        + trial[0] + " (at step " + SweepQueries.lastStep(log.records(), trial[0], 1) + ")");
    int[] next = new int[1];
    await("a new leader of " + Topics.TELEMETRY + "-" + partition, settings.timeout(), () -> {
      Optional<Node> now = leaderOf(partition);
      now.ifPresent(n -> next[0] = n.id());
      return now.isPresent() && now.get().id() != leader;
    }, true);
    double failover = (System.nanoTime() - killedAt) / 1e9;
    fault("new partition leader", false, failover, String.format("kafka-%d leads %s-%d %.1f s after the kill",
        next[0], Topics.TELEMETRY, partition, failover));
    compose.docker(DOCKER, "start", compose.container(node));
    down.remove(node);
    fault("docker start " + node, false, null, "the killed node restarts on its volume");
    rejoin = new BrokerRejoin(node, leader, partition, killedAt);
    rejoin.start();
  }

  /** 2. A trainer mid-stage; returns the trial whose attempt it lost. */
  private String killTrainer() {
    Hit hit = awaitHit("a trainer to checkpoint a trial in prune-encoder", () -> SweepQueries.checkpointAfter(
        log.records(), 0, c -> c.stage().equals("prune-encoder"), TRAINERS::contains));
    String victim = hit.worker();
    compose.docker(DOCKER, "kill", compose.container(victim));
    long killedAt = System.nanoTime();
    killed.add(victim);
    fault("docker kill " + victim, true, null, "trial " + hit.trialId() + " attempt " + hit.attempt() + " at step "
        + SweepQueries.lastStep(log.records(), hit.trialId(), hit.attempt()) + ", checkpointed to resume at step "
        + hit.step());
    compose.docker(DOCKER, "start", compose.container(victim));
    fault("docker start " + victim, false, null, "restarted at once with the same worker id, as a restart policy"
        + " restarts a crashed container");
    int next = hit.attempt() + 1;
    await("attempt " + next + " of " + hit.trialId() + " to train", settings.timeout(),
        () -> SweepQueries.trains(log.records(), hit.trialId(), next), true);
    double recovered = (System.nanoTime() - killedAt) / 1e9;
    fault("trial resumed", false, recovered, String.format("attempt %d of %s trains on %s %.1f s after the kill",
        next, hit.trialId(), SweepQueries.workerOf(log.records(), hit.trialId(), next).orElse("?"), recovered));
    return hit.trialId() + "#" + next;
  }

  /** 3. The orchestrator, stopped and started while the requeued attempt trains. */
  private void restartOrchestrator(String requeued) {
    String trialId = requeued.substring(0, requeued.indexOf('#'));
    int attempt = Integer.parseInt(requeued.substring(requeued.indexOf('#') + 1));
    String container = compose.container("orchestrator");
    long stoppedAt = System.nanoTime();
    compose.docker(DOCKER, "stop", "-t", "30", container);
    fault("docker stop orchestrator", true, null, "SIGTERM, while attempt " + attempt + " of " + trialId
        + " trains at step " + SweepQueries.lastStep(log.records(), trialId, attempt));
    compose.docker(DOCKER, "start", container);
    awaitOrchestrator();
    double serving = (System.nanoTime() - stoppedAt) / 1e9;
    fault("orchestrator serving", false, serving, String.format("restarted, state recovered from shears.trials"
        + " and serving %.1f s after the stop", serving));
  }

  /** 4. A trainer cut off from the network for longer than its lease, then reconnected. */
  private void partitionTrainer() {
    int seen = log.records().size();
    // In prune-encoder, so that the trial has steps left to run elsewhere while its trainer is cut off.
    Hit hit = awaitHit("a trial to checkpoint in prune-encoder after the orchestrator restart",
        () -> SweepQueries.checkpointAfter(log.records(), seen, c -> c.stage().equals("prune-encoder"),
            TRAINERS::contains));
    String victim = hit.worker();
    String container = compose.container(victim);
    String network = compose.docker(DOCKER, "inspect", "-f",
        "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}", container).strip().split("\\s+")[0];
    partitioned = hit;
    compose.docker(DOCKER, "network", "disconnect", network, container);
    long cutAt = System.nanoTime();
    fault("network disconnect " + victim, true, null, "trial " + hit.trialId() + " attempt " + hit.attempt()
        + " at step " + SweepQueries.lastStep(log.records(), hit.trialId(), hit.attempt()) + ", cut off for "
        + settings.partition().toSeconds() + " s (lease " + settings.leaseTimeout().toSeconds() + " s)");
    int next = hit.attempt() + 1;
    long[] resumedAt = new long[1];
    long until = cutAt + settings.partition().toNanos();
    // Cut off for the whole partition time, however slow the checks in between are.
    await("the partition to last " + settings.partition().toSeconds() + " s", settings.timeout(), () -> {
      if (resumedAt[0] == 0 && SweepQueries.trains(log.records(), hit.trialId(), next)) {
        resumedAt[0] = System.nanoTime();
      }
      return System.nanoTime() >= until;
    }, true);
    // With the service's name as alias again, as compose attached it: a healed network keeps its names.
    compose.docker(DOCKER, "network", "connect", "--alias", victim, network, container);
    fault("network connect " + victim, false, null, String.format("reconnected after %.1f s",
        (System.nanoTime() - cutAt) / 1e9));
    await("attempt " + next + " of " + hit.trialId() + " to train elsewhere", settings.timeout(), () -> {
      if (resumedAt[0] == 0 && SweepQueries.trains(log.records(), hit.trialId(), next)) {
        resumedAt[0] = System.nanoTime();
      }
      return resumedAt[0] != 0;
    }, true);
    double recovered = (resumedAt[0] - cutAt) / 1e9;
    fault("trial resumed", false, recovered, String.format("attempt %d of %s trains on %s %.1f s after the cut",
        next, hit.trialId(), SweepQueries.workerOf(log.records(), hit.trialId(), next).orElse("?"), recovered));
  }

  private Optional<Node> leaderOf(int partition) {
    try {
      TopicPartitionInfo info = admin.describeTopics(List.of(Topics.TELEMETRY)).allTopicNames()
          .get(10, java.util.concurrent.TimeUnit.SECONDS).get(Topics.TELEMETRY).partitions().get(partition);
      return Optional.ofNullable(info.leader()).filter(n -> !n.isEmpty());
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SweepRun.RunFailure("interrupted", "interrupted");
    }
  }

  private int isrSize(int partition) {
    try {
      return admin.describeTopics(List.of(Topics.TELEMETRY)).allTopicNames()
          .get(10, java.util.concurrent.TimeUnit.SECONDS).get(Topics.TELEMETRY).partitions().get(partition)
          .isr().size();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Watches, beside the other faults, for the killed Kafka node to be back in its partition's ISR. */
  private final class BrokerRejoin {
    private final String node;
    private final int nodeId;
    private final int partition;
    private final long killedAt;
    private final Thread thread;
    private volatile double seconds = -1;

    BrokerRejoin(String node, int nodeId, int partition, long killedAt) {
      this.node = node;
      this.nodeId = nodeId;
      this.partition = partition;
      this.killedAt = killedAt;
      this.thread = new Thread(this::watch, "shears-chaos-rejoin");
      thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    private void watch() {
      while (!Thread.currentThread().isInterrupted()) {
        if (isrSize(partition) == 3) {
          seconds = (System.nanoTime() - killedAt) / 1e9;
          return;
        }
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    void await(Duration timeout) {
      try {
        thread.join(timeout.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (seconds < 0) {
        thread.interrupt();
        throw new SweepRun.RunFailure("broker-rejoined", node + " (node " + nodeId + ") was not back in the ISR of "
            + Topics.TELEMETRY + "-" + partition + " within " + timeout.toSeconds() + " s of the sweep's end");
      }
      double at = (killedAt - submittedAt) / 1e9 + seconds;
      faults.add(new SweepRun.Fault(at, node + " in sync", String.format("back in the ISR of %s-%d %.1f s after"
          + " its kill", Topics.TELEMETRY, partition, seconds), false, seconds));
      progress("%s back in the ISR of %s-%d %.1f s after its kill", node, Topics.TELEMETRY, partition, seconds);
    }
  }

  private void fault(String what, boolean injected, Double recovery, String detail) {
    double at = (System.nanoTime() - submittedAt) / 1e9;
    faults.add(new SweepRun.Fault(at, what, detail, injected, recovery));
    progress("%s at %.1f s: %s (%s)", injected ? "fault" : "recovery", at, what, detail);
  }

  // ------------------------------------------------------------------------------------------------------------
  // Waiting

  private void awaitEnd(int expected) {
    await("every trial to end and every export to be evaluated", settings.timeout(), () -> {
      ChaosChecks.Analysis a = ChaosChecks.analyse(log.records(), expected, Set.copyOf(killed));
      boolean allEnded = a.trials().size() == expected
          && a.trials().values().stream().noneMatch(t -> t.state().equals("INCOMPLETE"));
      return allEnded && a.checks().stream().filter(c -> c.name().equals("exports-evaluated"))
          .allMatch(Check::passed);
    }, true);
  }

  private Hit awaitHit(String what, Supplier<Optional<Hit>> find) {
    Hit[] hit = new Hit[1];
    await(what, settings.timeout(), () -> {
      Optional<Hit> h = find.get();
      h.ifPresent(x -> hit[0] = x);
      return h.isPresent();
    }, true);
    return hit[0];
  }

  /** Waits for the condition; with {@code watch}, fails as soon as a container that should run has exited. */
  private void await(String what, Duration timeout, BooleanSupplier condition, boolean watch) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long nextWatch = 0;
    while (!condition.getAsBoolean()) {
      if (watch && System.nanoTime() > nextWatch) {
        nextWatch = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        for (Map.Entry<String, String> e : compose.health(LONG_RUNNING).entrySet()) {
          if (!down.contains(e.getKey()) && (e.getValue().equals("exited") || e.getValue().equals("dead"))) {
            throw new SweepRun.RunFailure("services-alive", e.getKey() + " exited unexpectedly while waiting for "
                + what + " (logs under " + dir.resolve("logs") + ")");
          }
        }
      }
      if (System.nanoTime() > deadline) {
        throw new SweepRun.RunFailure("timeout", "gave up after " + timeout.toSeconds() + " s waiting for " + what
            + " (logs under " + dir.resolve("logs") + ")");
      }
      SweepRun.pause(Duration.ofMillis(500));
    }
  }

  private void progress(String format, Object... args) {
    Object[] all = new Object[args.length + 1];
    all[0] = label;
    System.arraycopy(args, 0, all, 1, args.length);
    out.printf("[%s] " + format + "%n", all);
    out.flush();
  }

  /** Saves every container's log under the work directory, then removes the project with its volumes. */
  @Override
  public void close() {
    if (log != null) {
      log.close();
    }
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
    }
    if (compose != null && started) {
      try {
        Files.writeString(dir.resolve("logs/containers.log"), compose.compose(DOCKER, "logs", "--no-color",
            "--timestamps"));
      } catch (IOException | SweepRun.RunFailure e) {
        out.printf("[%s] could not save the containers' logs: %s%n", label, e.getMessage());
      }
      try {
        compose.compose(Duration.ofMinutes(5), "down", "-v", "--remove-orphans");
        progress("compose project %s removed with its volumes", compose.project());
      } catch (SweepRun.RunFailure e) {
        out.printf("[%s] could not remove compose project %s: %s%n", label, compose.project(), e.getMessage());
      }
      out.flush();
    }
  }
}
