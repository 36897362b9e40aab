package dev.shears.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shears.broker.KafkaBroker;
import dev.shears.broker.KafkaCluster;
import dev.shears.broker.junit.Await;
import dev.shears.evaluator.metrics.WordNetSynonyms;
import dev.shears.evaluator.quality.EvalData;
import dev.shears.evaluator.quality.EvalSettings;
import dev.shears.evaluator.quality.ModelEvaluation;
import dev.shears.evaluator.quality.QualityMetrics;
import dev.shears.events.Envelope;
import dev.shears.events.EvaluationCompleted;
import dev.shears.events.EventCodec;
import dev.shears.events.InvalidEventException;
import dev.shears.events.KafkaClientConfig;
import dev.shears.events.LossEvent;
import dev.shears.events.TopicSpec;
import dev.shears.events.Topics;
import dev.shears.events.TrialCreated;
import dev.shears.events.TrialSucceeded;
import dev.shears.ops.Liveness;
import dev.shears.orchestrator.OrchestratorClient;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A real sweep (orchestrator, CPU trainer and evaluator wired as {@code shears up} wires them) on a 3-node KRaft
 * cluster whose topics have 3 replicas and {@code min.insync.replicas} 2; the leader of the partition carrying
 * the first trial's telemetry is killed (SIGKILL) while that trial trains. Every trial succeeds and no event is
 * lost: each attempt's envelopes, across every topic its trainer writes, carry seq 1..n with no gap or repeat.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterSweepIT {
  private static final String TOKEN = "cluster-it-token";
  private static final Duration SWEEP_TIMEOUT = Duration.ofMinutes(4);
  private static final int TEACHER_STEPS = 10;
  private static final int PRUNE_STEPS = 40;
  private static final int FINETUNE_STEPS = 10;
  /** What the trainer writes to shears.trials; the orchestrator writes the other trial events with its own seq. */
  private static final Set<String> TRAINER_TRIAL_EVENTS = Set.of("TrialStarted", "StageStarted", "StageCompleted",
      "TrialCheckpointed", "TrialSucceeded", "TrialFailed");

  @TempDir
  static Path dir;

  private final EventCodec codec = new EventCodec();
  private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> invalid = new ConcurrentLinkedQueue<>();
  private KafkaCluster cluster;
  private Vertx vertx;
  private Thread tail;
  private volatile boolean tailing = true;

  private record Received(int partition, Envelope envelope) {}

  @BeforeAll
  void start() {
    cluster = KafkaCluster.builder().nodes(3).dataDir(dir.resolve("kafka"))
        .jvmOptions(KafkaBroker.FAST_START_JVM_OPTIONS).build().start();
  }

  @AfterAll
  void stop() throws InterruptedException {
    tailing = false;
    if (tail != null) {
      tail.join(10_000);
    }
    if (vertx != null) {
      vertx.close().await();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aSweepCompletesWithNoEventLostWhenTheTelemetryLeaderIsKilled() throws Exception {
    long started = System.nanoTime();
    String bootstrap = cluster.bootstrapServers();

    // The topics as an operator creates them for a 3-broker cluster.
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Shears.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    assertThat(cli.execute("topics", "--create", "--bootstrap", bootstrap)).as(err.toString()).isZero();
    assertThat(out.toString()).contains("created " + Topics.TELEMETRY + " (replication 3, min.insync.replicas 2)");
    assertReplication(bootstrap);
    cluster.awaitInSync(Topics.CATALOGUE.stream().map(TopicSpec::name).collect(Collectors.toSet()),
        Duration.ofSeconds(60));

    startTail(bootstrap);
    vertx = Vertx.vertx();
    LocalContext context = new LocalContext(bootstrap, TOKEN, dir, "127.0.0.1", 0, 0, Map.of())
        .withLoopDeath(Liveness.LoopDeath.UNHEALTHY_ONLY);
    EvalSettings eval = new EvalSettings(8, 1, 8, 0, 1, List.of("rouge"), false, 0);
    List<LocalService> services = List.of(new OrchestratorService(),
        TrainerService.of("trainer-cluster-it", "cpu", dir.resolve("checkpoints"), 0),
        new EvaluatorService("evaluator-cluster-it",
            source -> new ModelEvaluation(eval, source, EvalData.open(EvaluatorService.DEFAULT_DATASET, "input",
                "target", 16, 0), new QualityMetrics(eval.metrics(), eval.stem(), WordNetSynonyms::fromClasspath),
                null), 0, 1, 16));
    for (LocalService service : services) {
      String url = service.deploy(vertx, context).await(90, TimeUnit.SECONDS);
      context = url == null ? context : context.withEndpoint(service.name(), url);
    }

    OrchestratorClient client = new OrchestratorClient(URI.create(context.orchestratorUrl()), TOKEN,
        Duration.ofSeconds(30));
    OrchestratorClient.Response submitted = client.submit(spec().getBytes(StandardCharsets.UTF_8),
        "application/yaml");
    assertThat(submitted.status()).as("%s", submitted.body()).isEqualTo(201);
    String experimentId = submitted.body().path("experimentId").asText();
    int trials = submitted.body().path("trialCount").asInt();
    assertThat(trials).isEqualTo(2);

    // Mid-sweep: the first loss of the first trial to train is in; kill the leader of its telemetry partition.
    Await.until(Duration.ofSeconds(120), "a first LossEvent", () -> received.stream()
        .anyMatch(r -> r.envelope().payload() instanceof LossEvent));
    Received first = received.stream().filter(r -> r.envelope().payload() instanceof LossEvent).findFirst()
        .orElseThrow();
    int victim = cluster.leaderOf(Topics.TELEMETRY, first.partition());
    long killedAt = System.nanoTime();
    cluster.kill(victim);
    AtomicInteger newLeader = new AtomicInteger(victim);
    Await.until(Duration.ofSeconds(60), "a new leader of " + Topics.TELEMETRY + "-" + first.partition(), () -> {
      newLeader.set(cluster.leaderOf(Topics.TELEMETRY, first.partition()));
      return newLeader.get() != victim;
    });
    long leaderMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
    AtomicLong lossesAtKill = new AtomicLong(count(LossEvent.class));

    Await.until(SWEEP_TIMEOUT, () -> "every trial SUCCEEDED; experiment: " + experiment(client, experimentId),
        () -> experiment(client, experimentId).path("counts").path("SUCCEEDED").asInt() == trials);
    Await.until(Duration.ofSeconds(120), () -> "an evaluation of every trial; got " + count(EvaluationCompleted.class),
        () -> received.stream().filter(r -> r.envelope().payload() instanceof EvaluationCompleted)
            .map(r -> r.envelope().trialId()).distinct().count() == trials);

    assertThat(invalid).as("records that are not valid events").isEmpty();
    List<Envelope> events = received.stream().map(Received::envelope).toList();
    List<String> trialIds = events.stream().filter(e -> e.payload() instanceof TrialCreated)
        .map(Envelope::trialId).distinct().toList();
    assertThat(trialIds).hasSize(trials);
    long produced = 0;
    long consumed = 0;
    long total = TEACHER_STEPS + PRUNE_STEPS + FINETUNE_STEPS;
    for (String trialId : trialIds) {
      List<Envelope> ofTrial = events.stream().filter(e -> trialId.equals(e.trialId())).toList();
      assertThat(ofTrial).as("%s ends in TrialSucceeded", trialId)
          .anyMatch(e -> e.payload() instanceof TrialSucceeded);
      // Every attempt's trainer events: seq 1..n, once each, with nothing missing.
      Map<Integer, List<Long>> seqsByAttempt = new TreeMap<>(ofTrial.stream().filter(ClusterSweepIT::byTrainer)
          .collect(Collectors.groupingBy(Envelope::attempt,
              Collectors.mapping(Envelope::seq, Collectors.toList()))));
      assertThat(seqsByAttempt).as("%s has trainer events", trialId).isNotEmpty();
      seqsByAttempt.forEach((attempt, seqs) -> {
        List<Long> sorted = seqs.stream().sorted().toList();
        assertThat(sorted).as("%s attempt %d: seq 1..n once each", trialId, attempt)
            .isEqualTo(LongStream.rangeClosed(1, sorted.size()).boxed().toList());
      });
      produced += seqsByAttempt.values().stream().mapToLong(s -> s.stream().mapToLong(Long::longValue).max()
          .orElse(0)).sum();
      consumed += seqsByAttempt.values().stream().mapToLong(s -> s.stream().distinct().count()).sum();
      // The loss curve, as the dashboard rebuilds it: steps 0..total-1, none missing, none repeated.
      List<Long> steps = ofTrial.stream().filter(e -> e.payload() instanceof LossEvent)
          .collect(Collectors.toMap(e -> ((LossEvent) e.payload()).step(), Envelope::attempt, Math::max,
              TreeMap::new))
          .keySet().stream().toList();
      assertThat(steps).as("%s loss steps", trialId)
          .isEqualTo(LongStream.range(0, total).boxed().toList());
    }
    System.out.printf("cluster-sweep: 3 KRaft nodes, topics replication 3 / min.insync.replicas 2; %d trials"
            + " SUCCEEDED and evaluated; SIGKILL of node %d (leader of %s-%d) after %d loss events; new leader"
            + " node %d after %d ms; trainer events produced %d, consumed %d, lost %d; all events consumed %d;"
            + " test %d s%n",
        trials, victim + 1, Topics.TELEMETRY, first.partition(), lossesAtKill.get(), newLeader.get() + 1, leaderMs,
        produced, consumed, produced - consumed, events.size(),
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
  }

  private static boolean byTrainer(Envelope e) {
    String topic = e.topic();
    return topic.equals(Topics.TELEMETRY) || topic.equals(Topics.CHECKPOINTS)
        || topic.equals(Topics.TRIALS) && TRAINER_TRIAL_EVENTS.contains(e.payload().getClass().getSimpleName());
  }

  private long count(Class<?> type) {
    return received.stream().filter(r -> type.isInstance(r.envelope().payload())).count();
  }

  private static JsonNode experiment(OrchestratorClient client, String id) {
    try {
      return client.experiment(id).body();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void assertReplication(String bootstrap) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      Set<String> names = Topics.CATALOGUE.stream().map(TopicSpec::name).collect(Collectors.toSet());
      Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
      topics.values().forEach(d -> assertThat(d.partitions()).as(d.name())
          .allSatisfy(p -> assertThat(p.replicas()).hasSize(3)));
      List<ConfigResource> resources = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n))
          .toList();
      Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
      configs.forEach((r, c) -> assertThat(c.get(TopicSpec.MIN_INSYNC_REPLICAS).value()).as(r.name())
          .isEqualTo("2"));
    }
  }

  private void startTail(String bootstrap) {
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaClientConfig.consumer(bootstrap,
        "cluster-it-tail", null));
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(Topics.TRIALS, Topics.TELEMETRY, Topics.CHECKPOINTS, Topics.EVALUATIONS)) {
      for (int p = 0; p < Topics.spec(topic).partitions(); p++) {
        partitions.add(new TopicPartition(topic, p));
      }
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    tail = new Thread(() -> {
      try (consumer) {
        while (tailing) {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
            try {
              received.add(new Received(r.partition(), codec.decode(r.value())));
            } catch (InvalidEventException e) {
              invalid.add(r.topic() + "-" + r.partition() + "@" + r.offset() + ": " + e.getMessage());
            }
          }
        }
      }
    }, "cluster-it-tail");
    tail.setDaemon(true);
    tail.start();
  }

  private static String spec() {
    return """
        name: cluster-kill
        task: {dataset: builtin:synthetic-summarize, metric: rouge}
        teacher: {model: builtin:tiny-t5, reuse: false, finetune: {steps: %d, lr: 1.0e-3}}
        method: nash
        nash:
          decoderLayers: {list: [1, 3]}
          selection: uniform
          encoderSparsity: 0.3
          regLr: 0.1
          sparsityWarmupSteps: 10
          finetunePruned: {recipe: nash, steps: %d, lr: 1.0e-3}
        training: {steps: %d, lr: 1.0e-3, batchSize: 4, seed: 1}
        trainer: {checkpointEvery: 10, lossEvery: 1, maskEvery: 5, validateEvery: 10, maxSourceLength: 32,
          maxTargetLength: 12}
        eval: {beam: 1, batchSize: 8, maxNewTokens: 8}
        resources: {gpus: 1, gpuMemoryGb: 1, priority: 0}
        maxConcurrentTrials: 2
        """.formatted(TEACHER_STEPS, FINETUNE_STEPS, PRUNE_STEPS);
  }
}
