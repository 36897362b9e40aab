package dev.shears.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.broker.KafkaBroker;
import dev.shears.broker.junit.Await;
import dev.shears.broker.junit.RealKafka;
import dev.shears.events.Assignment;
import dev.shears.events.CheckpointKind;
import dev.shears.events.CheckpointWritten;
import dev.shears.events.Envelope;
import dev.shears.events.EventCodec;
import dev.shears.events.InvalidEventException;
import dev.shears.events.KafkaClientConfig;
import dev.shears.events.LossEvent;
import dev.shears.events.StageCompleted;
import dev.shears.events.StageStarted;
import dev.shears.events.TopicSpec;
import dev.shears.events.Topics;
import dev.shears.events.TrialCheckpointed;
import dev.shears.events.TrialFailed;
import dev.shears.events.TrialStarted;
import dev.shears.events.TrialSucceeded;
import dev.shears.events.WorkerHeartbeat;
import dev.shears.model.T5Model;
import dev.shears.trainer.checkpoint.CheckpointStore;
import dev.shears.trainer.stage.ExportStage;
import ai.djl.ndarray.NDManager;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The trainer worker against a real Kafka broker: assignments in, trial events, telemetry and checkpoints out. */
@RealKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainerWorkerIT {
  private static final EventCodec CODEC = new EventCodec();
  private static final Duration TRIAL_TIMEOUT = Duration.ofMinutes(6);

  @TempDir
  Path checkpoints;

  private String bootstrap;
  private Vertx vertx;
  private KafkaProducer<byte[], byte[]> producer;
  private final List<Envelope> events = new CopyOnWriteArrayList<>();
  private Thread tail;
  private volatile boolean tailing = true;

  @BeforeAll
  void start(KafkaBroker broker) {
    bootstrap = broker.bootstrapServers();
    List<NewTopic> topics = new ArrayList<>();
    for (TopicSpec t : Topics.CATALOGUE) {
      topics.add(new NewTopic(t.name(), t.partitions(), (short) 1).configs(t.configs()));
    }
    broker.createTopics(topics);
    vertx = Vertx.vertx();
    producer = new KafkaProducer<>(KafkaClientConfig.producer(bootstrap, "it-orchestrator"));
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(KafkaClientConfig.consumer(bootstrap, "it-tail", "it-tail"));
    consumer.subscribe(List.of(Topics.TRIALS, Topics.TELEMETRY, Topics.CHECKPOINTS, Topics.FLEET));
    tail = new Thread(() -> {
      try (consumer) {
        while (tailing) {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
            try {
              events.add(CODEC.decode(r.value()));
            } catch (InvalidEventException e) {
              throw new AssertionError("the worker wrote an invalid event: " + e.getMessage(), e);
            }
          }
        }
      }
    }, "it-tail");
    tail.start();
  }

  @AfterAll
  void stop() throws InterruptedException {
    tailing = false;
    tail.join(10_000);
    producer.close();
    vertx.close().await();
  }

  private TrainerVerticle deploy(String workerId) {
    TrainerConfig config = TrainerConfig.of(bootstrap, workerId).withGpus("cpu")
        .withCheckpointRoot(checkpoints).withHeartbeatInterval(Duration.ofMillis(500));
    TrainerVerticle verticle = new TrainerVerticle(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        Clock.systemUTC());
    vertx.deployVerticle(verticle).await();
    return verticle;
  }

  private void assign(String workerId, String trialId, int attempt, ObjectNode spec, String resume) {
    Envelope e = Envelope.of(new Assignment(workerId, List.of(), spec, resume), "exp-it", trialId, attempt, 1,
        Instant.now());
    producer.send(new ProducerRecord<>(Topics.ASSIGNMENTS, workerId.getBytes(StandardCharsets.UTF_8),
        CODEC.encode(e)));
    producer.flush();
  }

  private List<Envelope> of(String trialId, int attempt) {
    return events.stream().filter(e -> trialId.equals(e.trialId()) && e.attempt() == attempt).toList();
  }

  private <T> List<T> payloads(String trialId, int attempt, Class<T> type) {
    return of(trialId, attempt).stream().map(Envelope::payload).filter(type::isInstance).map(type::cast).toList();
  }

  private void awaitEnd(String trialId, int attempt) {
    Await.until(TRIAL_TIMEOUT, () -> "trial " + trialId + " to end; events so far: " + of(trialId, attempt).stream()
        .filter(e -> e.topic().equals(Topics.TRIALS)).map(e -> e.payload().toString()).collect(Collectors.toList()),
        () -> !payloads(trialId, attempt, TrialSucceeded.class).isEmpty()
            || !payloads(trialId, attempt, TrialFailed.class).isEmpty());
  }

  private static ObjectNode spec(String trialId, int teacher, int prune, int finetune) {
    ObjectNode spec = TinyTrials.nashSpec(trialId, teacher, prune, finetune);
    spec.with("task").put("dataset", "builtin:synthetic-summarize");
    spec.with("training").put("lr", 1e-3);
    spec.with("nash").put("regLr", 0.1).put("sparsityWarmupSteps", Math.max(1, prune / 4));
    spec.with("trainer").put("maxSourceLength", 32).put("maxTargetLength", 12);
    return spec;
  }

  @Test
  void nashTrialReachesTheTargetSparsityExportsItAndStreamsTelemetryInOrder() throws Exception {
    TrainerVerticle worker = deploy("w-nash");
    Await.until(Duration.ofSeconds(30), "a trainer heartbeat from w-nash", () -> events.stream()
        .anyMatch(e -> e.payload() instanceof WorkerHeartbeat h && h.workerId().equals("w-nash")
            && h.kind().equals("trainer") && h.slots() == 1 && worker.endpoint().equals(h.endpoint())));
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(worker.endpoint() + "/health"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"");
    HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(worker.endpoint() + "/metrics"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.body()).contains("shears_heartbeats_total{kind=\"trainer\",result=\"sent\"}");

    int teacher = 10;
    int prune = 160;
    int finetune = 5;
    assign("w-nash", "t-nash", 1, spec("t-nash", teacher, prune, finetune), null);
    awaitEnd("t-nash", 1);
    assertThat(payloads("t-nash", 1, TrialFailed.class)).isEmpty();

    assertThat(payloads("t-nash", 1, TrialStarted.class)).extracting(TrialStarted::workerId).containsExactly("w-nash");
    assertThat(payloads("t-nash", 1, StageStarted.class)).extracting(StageStarted::stage)
        .containsExactly("finetune-teacher", "select-decoder", "prune-encoder", "finetune-pruned", "export");
    Map<String, Double> pruned = payloads("t-nash", 1, StageCompleted.class).stream()
        .filter(s -> s.stage().equals("prune-encoder")).findFirst().orElseThrow().metrics();
    assertThat(pruned.get("expectedSparsity")).isCloseTo(0.3, within(0.02));

    CheckpointWritten export = payloads("t-nash", 1, CheckpointWritten.class).stream()
        .filter(c -> c.kind() == CheckpointKind.EXPORT).findFirst().orElseThrow();
    assertThat(export.teacherUri()).startsWith("file:");
    double measured;
    try (NDManager m = NDManager.newBaseManager(); T5Model model = T5Model.load(CheckpointStore.pathOf(export.uri()),
        m)) {
      measured = ExportStage.measuredEncoderSparsity(model);
    }
    System.out.printf("expected %.4f measured %.4f%n", pruned.get("expectedSparsity"), measured);
    assertThat(measured).isCloseTo(pruned.get("expectedSparsity"), within(0.03));
    Map<String, Double> exported = payloads("t-nash", 1, StageCompleted.class).stream()
        .filter(s -> s.stage().equals("export")).findFirst().orElseThrow().metrics();
    assertThat(exported.get("encoderSparsity")).isCloseTo(measured, within(1e-9));

    // Telemetry arrives in order: one LossEvent per step, steps and seq increasing.
    List<Envelope> telemetry = of("t-nash", 1).stream().filter(e -> e.topic().equals(Topics.TELEMETRY)).toList();
    assertThat(telemetry.stream().map(Envelope::payload).filter(LossEvent.class::isInstance)
        .map(p -> ((LossEvent) p).step()).toList())
        .containsExactlyElementsOf(LongStream.range(0, teacher + prune + finetune).boxed().toList());
    for (int i = 1; i < telemetry.size(); i++) {
      assertThat(telemetry.get(i).seq()).isGreaterThan(telemetry.get(i - 1).seq());
    }
  }

  @Test
  void badAssignmentsFailWithActionableReasonsAndTheWorkerKeepsServing() {
    deploy("w-bad");
    ObjectNode unknownMethod = spec("t-bad-method", 1, 2, 1).put("method", "prune-everything");
    ObjectNode badSparsity = spec("t-bad-sparsity", 1, 2, 1);
    badSparsity.with("nash").put("encoderSparsity", 1.0);
    ObjectNode missingTeacher = spec("t-bad-teacher", 1, 2, 1);
    missingTeacher.with("teacher").put("model", "/nonexistent/teacher-dir");
    ObjectNode missingData = spec("t-bad-data", 1, 2, 1);
    missingData.with("task").put("dataset", checkpoints.resolve("absent.jsonl").toString());
    ObjectNode outsideData = spec("t-outside-data", 1, 2, 1);
    outsideData.with("task").put("dataset", "/etc/passwd");
    assign("w-bad", "t-bad-method", 1, unknownMethod, null);
    assign("w-bad", "t-bad-sparsity", 1, badSparsity, null);
    assign("w-bad", "t-bad-teacher", 1, missingTeacher, null);
    assign("w-bad", "t-bad-data", 1, missingData, null);
    assign("w-bad", "t-outside-data", 1, outsideData, null);
    assign("w-bad", "t-good", 1, spec("t-good", 2, 3, 1), null);
    Map<String, String> expected = Map.of(
        "t-bad-method", "method: unknown value 'prune-everything'",
        "t-bad-sparsity", "nash.encoderSparsity: must be in [0, 1)",
        "t-bad-teacher", "teacher.model: refused by this worker: path '/nonexistent/teacher-dir' resolves to"
            + " /nonexistent/teacher-dir, outside the allowed model roots",
        "t-bad-data", "task.dataset: " + checkpoints.resolve("absent.jsonl").toAbsolutePath() + " does not exist",
        "t-outside-data", "task.dataset: refused by this worker: path '/etc/passwd' resolves to /etc/passwd,"
            + " outside the allowed data roots");
    for (Map.Entry<String, String> e : expected.entrySet()) {
      awaitEnd(e.getKey(), 1);
      assertThat(payloads(e.getKey(), 1, TrialFailed.class)).singleElement()
          .satisfies(f -> assertThat(f.reason()).contains(e.getValue()));
    }
    awaitEnd("t-good", 1);
    assertThat(payloads("t-good", 1, TrialSucceeded.class)).hasSize(1);
  }

  private static String tail(Path log) {
    try {
      String text = java.nio.file.Files.readString(log);
      return text.substring(Math.max(0, text.length() - 4000));
    } catch (java.io.IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  @Test
  void killedWorkerMidPruneResumesOnAnotherWorkerWithContiguousSteps() throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(javaBin, "-Xms1536m", "-Xmx1536m", "-Xmn1g",
        "-cp", System.getProperty("java.class.path"),
        "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
        TrainerMain.class.getName(), "--bootstrap", bootstrap, "--worker-id", "w-doomed", "--gpus", "cpu",
        "--checkpoint-root", checkpoints.toString(), "--heartbeat-ms", "500")
        .redirectErrorStream(true).redirectOutput(checkpoints.resolve("doomed.log").toFile());
    pb.environment().put("DJL_OFFLINE", "true");
    pb.environment().put("OMP_NUM_THREADS", "1");
    Process doomed = pb.start();
    int teacher = 4;
    int prune = 40;
    int finetune = 2;
    int total = teacher + prune + finetune;
    ObjectNode spec = spec("t-kill", teacher, prune, finetune);
    try {
      Path log = checkpoints.resolve("doomed.log");
      Await.until(Duration.ofMinutes(3), () -> "a heartbeat from the child worker; its output:\n" + tail(log),
          () -> events.stream()
              .anyMatch(e -> e.payload() instanceof WorkerHeartbeat h && h.workerId().equals("w-doomed")));
      assign("w-doomed", "t-kill", 1, spec, null);
      Await.until(TRIAL_TIMEOUT, "a periodic prune-encoder checkpoint past step 20", () ->
          payloads("t-kill", 1, TrialCheckpointed.class).stream()
              .anyMatch(c -> c.stage().equals("prune-encoder") && c.step() >= teacher + 20));
    } finally {
      doomed.destroyForcibly().waitFor();
    }
    TrialCheckpointed last = payloads("t-kill", 1, TrialCheckpointed.class).stream()
        .reduce((a, b) -> b.step() >= a.step() ? b : a).orElseThrow();
    assertThat(payloads("t-kill", 1, TrialSucceeded.class)).isEmpty();

    deploy("w-rescue");
    assign("w-rescue", "t-kill", 2, spec, last.uri());
    awaitEnd("t-kill", 2);
    assertThat(payloads("t-kill", 2, TrialFailed.class)).isEmpty();
    List<Long> resumed = payloads("t-kill", 2, LossEvent.class).stream().map(LossEvent::step).toList();
    assertThat(resumed.get(0)).isEqualTo(last.step());
    assertThat(resumed.get(resumed.size() - 1)).isEqualTo(total - 1);
    // What a consumer that fences the old attempt keeps: attempt 1 up to the resume point, then attempt 2.
    List<Long> combined = new ArrayList<>(payloads("t-kill", 1, LossEvent.class).stream().map(LossEvent::step)
        .filter(s -> s < last.step()).toList());
    combined.addAll(resumed);
    assertThat(combined).containsExactlyElementsOf(LongStream.range(0, total).boxed().toList());
    assertThat(payloads("t-kill", 2, StageStarted.class)).extracting(StageStarted::stage)
        .containsExactly("finetune-pruned", "export");
    assertThat(new File(CheckpointStore.pathOf(payloads("t-kill", 2, TrialSucceeded.class).get(0).exportUri())
        .toString(), "config.json")).exists();
  }

  @Test
  void revocationStopsTheAttemptAtTheNextStepBoundaryWithACheckpoint() throws InterruptedException {
    deploy("w-revoke");
    assign("w-revoke", "t-revoke", 1, spec("t-revoke", 2, 400, 1), null);
    Await.until(TRIAL_TIMEOUT, "prune-encoder step 12 of t-revoke", () -> payloads("t-revoke", 1, LossEvent.class)
        .stream().anyMatch(l -> l.step() >= 12));
    long seenBefore = payloads("t-revoke", 1, LossEvent.class).stream().mapToLong(LossEvent::step).max()
        .orElseThrow();
    Envelope revoke = Envelope.of(new dev.shears.events.Revocation("w-revoke", "pause"), "exp-it", "t-revoke", 1, 2,
        Instant.now());
    producer.send(new ProducerRecord<>(Topics.ASSIGNMENTS, "w-revoke".getBytes(StandardCharsets.UTF_8),
        CODEC.encode(revoke)));
    producer.flush();
    Await.until(Duration.ofSeconds(60), "the checkpoint written on revocation", () ->
        payloads("t-revoke", 1, TrialCheckpointed.class).stream().anyMatch(c -> c.step() > seenBefore));
    TrialCheckpointed stop = payloads("t-revoke", 1, TrialCheckpointed.class).stream()
        .filter(c -> c.step() > seenBefore).findFirst().orElseThrow();
    Thread.sleep(2000);
    long last = payloads("t-revoke", 1, LossEvent.class).stream().mapToLong(LossEvent::step).max().orElseThrow();
    // The step in flight completes, the next one never starts: the checkpoint resumes right after the last step.
    assertThat(stop.step()).isEqualTo(last + 1);
    assertThat(last).isLessThan(402L);
    assertThat(payloads("t-revoke", 1, TrialSucceeded.class)).isEmpty();
    assertThat(payloads("t-revoke", 1, TrialFailed.class)).isEmpty();
    System.out.printf("revocation sent after step %d; trial stopped after step %d%n", seenBefore, last);
  }
}
