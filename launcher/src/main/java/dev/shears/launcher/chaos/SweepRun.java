package dev.shears.launcher.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shears.broker.KafkaBroker;
import dev.shears.events.Envelope;
import dev.shears.events.LossEvent;
import dev.shears.events.TopicSpec;
import dev.shears.events.Topics;
import dev.shears.events.TrialAssigned;
import dev.shears.events.TrialCheckpointed;
import dev.shears.events.TrialFailed;
import dev.shears.events.TrialStarted;
import dev.shears.events.TrialSucceeded;
import dev.shears.events.WorkerHeartbeat;
import dev.shears.launcher.chaos.ChaosChecks.Consumed;
import dev.shears.launcher.chaos.SweepQueries.Hit;
import dev.shears.orchestrator.OrchestratorClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * One run of the chaos sweep on a stack of separate processes under {@code dir}: a Kafka broker (child JVM),
 * an orchestrator, two CPU trainers and an evaluator, each a {@code shears} process bound to 127.0.0.1. With faults
 * on, it SIGKILLs a trainer mid-trial after a checkpoint (and starts a replacement), SIGKILLs and restarts the
 * orchestrator while the requeued attempt runs, and stops and restarts the broker while trials run; each fault
 * waits for the events that make it meaningful. Then it waits for every trial to end and every export to be
 * evaluated, and reads every topic from the beginning.
 */
final class SweepRun implements FleetRun {
  static final String SPEC_RESOURCE = "chaos-sweep.yaml";
  private static final List<String> TRAINERS = List.of("trainer-1", "trainer-2");
  private static final String REPLACEMENT = "trainer-3";
  private static final List<String> DJL = List.of("-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
      "-Dai.djl.pytorch.num_interop_threads=1");

  /** How a run is set up. */
  record Settings(Duration leaseTimeout, Duration timeout, Duration brokerDowntime) {}

  /**
   * A fault as injected, or the recovery from one: seconds after submission, what, and the state it hit.
   *
   * @param injected a fault (a kill, a stop, a cut), not a restart or a recovery
   * @param recoverySeconds for a recovery, how long it took after its fault; else null
   */
  record Fault(double atSeconds, String what, String detail, boolean injected, Double recoverySeconds) {}

  /**
   * What a run produced.
   *
   * @param records every record of every topic, read from the beginning after the sweep ended
   * @param expectedTrials trials the orchestrator created from the spec
   * @param counts the orchestrator's final trial counts by state (its REST report)
   * @param faults faults injected, in order
   * @param killedWorkers trainers that were SIGKILLed
   * @param wall submission to the last evaluation
   * @param extraChecks checks of this kind of run beyond those computed from the records
   */
  record Outcome(List<Consumed> records, int expectedTrials, Map<String, Integer> counts, List<Fault> faults,
      Set<String> killedWorkers, Duration wall, List<ChaosChecks.Check> extraChecks) {}

  /** The run failed before its checks could run (a service died, a fault found no moment, a timeout). */
  static final class RunFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String check;

    RunFailure(String check, String message) {
      super(message);
      this.check = check;
    }

    String check() {
      return check;
    }
  }

  private final Path dir;
  private final Settings settings;
  private final PrintWriter out;
  private final String label;
  private final String token;
  private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
  private final List<Fault> faults = new ArrayList<>();
  private final List<String> killed = new ArrayList<>();
  private KafkaBroker broker;
  private EventLog log;
  private OrchestratorClient client;
  private String bootstrap;
  private long submittedAt;

  SweepRun(Path dir, Settings settings, PrintWriter out, String label) {
    this.dir = dir;
    this.settings = settings;
    this.out = out;
    this.label = label;
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    this.token = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Starts the stack, submits the sweep, injects faults when asked, waits for the end, reads the log. */
  @Override
  public Outcome run(byte[] spec, boolean injectFaults) throws IOException {
    Files.createDirectories(dir);
    startStack();
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
    pause(Duration.ofSeconds(5));
    List<Consumed> records = ReadAll.from(bootstrap, Duration.ofSeconds(60));
    Map<String, Integer> counts = countsOf(experimentId);
    return new Outcome(records, expected, counts, List.copyOf(faults), Set.copyOf(killed), wall, List.of());
  }

  // ------------------------------------------------------------------------------------------------------------
  // The stack

  private void startStack() {
    int[] ports = freePorts(3);
    broker = KafkaBroker.builder().dataDir(dir.resolve("kafka")).host("127.0.0.1").port(ports[0])
        .controllerPort(ports[1]).build().start();
    bootstrap = broker.bootstrapServers();
    List<NewTopic> topics = new ArrayList<>();
    for (TopicSpec t : Topics.CATALOGUE) {
      TopicSpec one = t.forCluster(1);
      topics.add(new NewTopic(one.name(), one.partitions(), one.replicationFactor()).configs(one.configs()));
    }
    broker.createTopics(topics);
    log = new EventLog(bootstrap, "shears-chaos-" + label);
    progress("Kafka broker at %s (pid %d)", bootstrap, broker.pid());

    Map<String, String> env = Map.of("SHEARS_TOKEN", token, "DJL_OFFLINE", "true", "OMP_NUM_THREADS", "1");
    String dataDir = dir.toString();
    int orchestratorPort = ports[2];
    client = new OrchestratorClient(URI.create("http://127.0.0.1:" + orchestratorPort), token,
        Duration.ofSeconds(10));
    services.put("orchestrator", new ServiceProcess("orchestrator", List.of("-Xmx512m"),
        List.of("orchestrator", "--bootstrap", bootstrap, "--data-dir", dataDir, "--host", "127.0.0.1",
            "--port", Integer.toString(orchestratorPort), "--lease-timeout",
            settings.leaseTimeout().toMillis() + "ms"), dir, env));
    for (String id : List.of(TRAINERS.get(0), TRAINERS.get(1), REPLACEMENT)) {
      services.put(id, trainer(id, dataDir, env));
    }
    services.put("evaluator", new ServiceProcess("evaluator", withDjl("-Xmx1g"),
        List.of("evaluator", "--bootstrap", bootstrap, "--data-dir", dataDir, "--host", "127.0.0.1",
            "--worker-id", "evaluator-1", "--data", "builtin:synthetic-summarize", "--limit", "32",
            "--warmup", "1", "--runs", "2", "--batch-size", "8", "--beam", "1", "--max-new-tokens", "8"),
        dir, env));

    services.get("orchestrator").start();
    awaitOrchestrator();
    for (String id : TRAINERS) {
      services.get(id).start();
    }
    services.get("evaluator").start();
    for (String id : TRAINERS) {
      awaitHeartbeat(id);
    }
    await("the evaluator to serve", Duration.ofSeconds(180),
        () -> services.get("evaluator").output().contains("serving"));
    progress("orchestrator, %s and an evaluator are up as separate processes", String.join(", ", TRAINERS));
  }

  private ServiceProcess trainer(String id, String dataDir, Map<String, String> env) {
    return new ServiceProcess(id, withDjl("-Xmx1g"), List.of("trainer", "--bootstrap", bootstrap, "--data-dir",
        dataDir, "--gpus", "cpu", "--worker-id", id, "--checkpoint-root", dir.resolve("checkpoints").toString()),
        dir, env);
  }

  private static List<String> withDjl(String heap) {
    List<String> options = new ArrayList<>(List.of(heap));
    options.addAll(DJL);
    return options;
  }

  private void awaitOrchestrator() {
    await("the orchestrator to recover its state and serve", Duration.ofSeconds(120), () -> {
      try {
        return client.experiments().ok();
      } catch (IOException e) {
        return false;
      }
    });
  }

  private void awaitHeartbeat(String workerId) {
    await(workerId + " to heartbeat", Duration.ofSeconds(180), () -> log.any(c ->
        c.envelope().payload() instanceof WorkerHeartbeat h && h.workerId().equals(workerId)));
  }

  private String submit(byte[] spec) throws IOException {
    OrchestratorClient.Response response = client.submit(spec, "application/yaml");
    if (!response.ok()) {
      throw new RunFailure("submit", "the orchestrator rejected the chaos sweep (HTTP " + response.status() + "): "
          + response.body());
    }
    return response.body().path("experimentId").asText();
  }

  private int awaitTrialCount(String experimentId) {
    int[] count = new int[1];
    await("the orchestrator to report experiment " + experimentId, Duration.ofSeconds(60), () -> {
      try {
        OrchestratorClient.Response r = client.experiment(experimentId);
        count[0] = r.body().path("trialCount").asInt(0);
        return r.ok() && count[0] > 0;
      } catch (IOException e) {
        return false;
      }
    });
    return count[0];
  }

  private Map<String, Integer> countsOf(String experimentId) throws IOException {
    OrchestratorClient.Response r = client.experiment(experimentId);
    Map<String, Integer> counts = new LinkedHashMap<>();
    JsonNode node = r.body().path("counts");
    node.fieldNames().forEachRemaining(k -> counts.put(k, node.path(k).asInt()));
    return counts;
  }

  // ------------------------------------------------------------------------------------------------------------
  // Faults, each triggered by what the log shows

  private void injectFaults() {
    // 1. A trainer mid-trial, after it wrote a checkpoint past the teacher stage.
    Hit hit = awaitHit("a trainer to checkpoint a trial in prune-encoder", this::checkpointedMidTrial);
    String victim = hit.worker();
    ServiceProcess trainer = services.get(victim);
    long pid = trainer.pid();
    trainer.kill();
    killed.add(victim);
    fault("SIGKILL " + victim, "pid " + pid + ", trial " + hit.trialId() + " attempt " + hit.attempt()
        + " at step " + lastStep(hit.trialId(), hit.attempt()) + ", checkpointed to resume at step " + hit.step());
    services.get(REPLACEMENT).start();
    awaitHeartbeat(REPLACEMENT);
    fault("start " + REPLACEMENT, "a fresh trainer replaces " + victim);

    // 2. The orchestrator, once the lost attempt was requeued and its next attempt trains.
    String trialId = hit.trialId();
    int next = hit.attempt() + 1;
    await("attempt " + next + " of " + trialId + " to train after the lease expired", settings.timeout(),
        () -> log.any(c -> trialId.equals(c.envelope().trialId()) && c.envelope().attempt() >= next
            && c.envelope().payload() instanceof LossEvent));
    String worker = workerOf(trialId, next).orElse("?");
    ServiceProcess orchestrator = services.get("orchestrator");
    pid = orchestrator.pid();
    orchestrator.kill();
    fault("SIGKILL orchestrator", "pid " + pid + ", while attempt " + next + " of " + trialId + " trains on "
        + worker + " at step " + lastStep(trialId, next));
    long restart = System.nanoTime();
    orchestrator.start();
    awaitOrchestrator();
    fault("orchestrator restarted", String.format("state recovered from shears.trials and serving after %.1f s",
        (System.nanoTime() - restart) / 1e9));

    // 3. The broker, once a trial has checkpointed under the restarted orchestrator.
    int seen = log.records().size();
    Hit running = awaitHit("a trial to checkpoint after the orchestrator restart",
        () -> runningCheckpoint(seen));
    long brokerPid = broker.pid();
    broker.stop();
    fault("stop broker", "pid " + brokerPid + " (SIGTERM), while trial " + running.trialId() + " attempt "
        + running.attempt() + " trains on " + running.worker() + " (checkpointed to resume at step " + running.step()
        + ")");
    pause(settings.brokerDowntime());
    long start = System.nanoTime();
    broker.start();
    fault("broker restarted", String.format("down %.1f s, same data directory and port, ready in %.1f s",
        settings.brokerDowntime().toMillis() / 1000.0 + (System.nanoTime() - start) / 1e9,
        (System.nanoTime() - start) / 1e9));
  }

  private Optional<Hit> checkpointedMidTrial() {
    return SweepQueries.checkpointAfter(log.records(), 0, c -> c.stage().equals("prune-encoder"),
        TRAINERS::contains);
  }

  private Optional<Hit> runningCheckpoint(int from) {
    return SweepQueries.checkpointAfter(log.records(), from, c -> true,
        w -> services.containsKey(w) && services.get(w).alive());
  }

  private Optional<String> workerOf(String trialId, int attempt) {
    return SweepQueries.workerOf(log.records(), trialId, attempt);
  }

  private long lastStep(String trialId, int attempt) {
    return SweepQueries.lastStep(log.records(), trialId, attempt);
  }

  private void fault(String what, String detail) {
    double at = (System.nanoTime() - submittedAt) / 1e9;
    faults.add(new Fault(at, what, detail, what.startsWith("SIGKILL") || what.startsWith("stop"), null));
    progress("fault at %.1f s: %s (%s)", at, what, detail);
  }

  // ------------------------------------------------------------------------------------------------------------
  // Waiting

  private void awaitEnd(int expected) {
    await("every trial to end and every export to be evaluated", settings.timeout(), () -> {
      ChaosChecks.Analysis a = ChaosChecks.analyse(log.records(), expected, Set.copyOf(killed));
      boolean allEnded = a.trials().size() == expected
          && a.trials().values().stream().noneMatch(t -> t.state().equals("INCOMPLETE"));
      if (!allEnded) {
        return false;
      }
      // Every success's export has a result, and so has every other export written.
      return a.checks().stream().filter(c -> c.name().equals("exports-evaluated")).allMatch(ChaosChecks.Check::passed);
    });
  }

  private Hit awaitHit(String what, Supplier<Optional<Hit>> find) {
    Hit[] hit = new Hit[1];
    await(what, settings.timeout(), () -> {
      Optional<Hit> h = find.get();
      h.ifPresent(x -> hit[0] = x);
      return h.isPresent();
    });
    return hit[0];
  }

  private void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      for (ServiceProcess s : services.values()) {
        boolean expectedAlive = s.pid() > 0 && !killed.contains(s.name());
        if (expectedAlive && !s.alive()) {
          throw new RunFailure("services-alive", s.name() + " exited unexpectedly while waiting for " + what
              + "; last lines of " + s.log() + ":\n" + s.tail(30));
        }
      }
      if (System.nanoTime() > deadline) {
        throw new RunFailure("timeout", "gave up after " + timeout.toSeconds() + " s waiting for " + what
            + " (logs under " + dir.resolve("logs") + ")");
      }
      pause(Duration.ofMillis(250));
    }
  }

  static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunFailure("interrupted", "interrupted");
    }
  }

  private void progress(String format, Object... args) {
    out.printf("[%s] " + format + "%n", prepend(label, args));
    out.flush();
  }

  private static Object[] prepend(Object first, Object[] rest) {
    Object[] all = new Object[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  static int[] freePorts(int count) {
    ServerSocket[] sockets = new ServerSocket[count];
    int[] ports = new int[count];
    try {
      for (int i = 0; i < count; i++) {
        sockets[i] = new ServerSocket();
        sockets[i].setReuseAddress(true);
        sockets[i].bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        ports[i] = sockets[i].getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new IllegalStateException("Cannot find free ports on 127.0.0.1: " + e.getMessage(), e);
    } finally {
      for (ServerSocket s : sockets) {
        try {
          if (s != null) {
            s.close();
          }
        } catch (IOException ignored) {
          // only probing
        }
      }
    }
  }

  /** Stops every service (SIGTERM), then the broker. */
  @Override
  public void close() {
    List<ServiceProcess> all = new ArrayList<>(services.values());
    java.util.Collections.reverse(all);
    for (ServiceProcess s : all) {
      s.stop(30);
    }
    if (log != null) {
      log.close();
    }
    if (broker != null) {
      broker.close();
    }
  }
}
