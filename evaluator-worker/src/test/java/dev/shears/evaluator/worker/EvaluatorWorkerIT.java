package dev.shears.evaluator.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.broker.KafkaBroker;
import dev.shears.broker.junit.Await;
import dev.shears.broker.junit.BootstrapServers;
import dev.shears.broker.junit.RealKafka;
import dev.shears.broker.junit.TestTopics;
import dev.shears.events.CheckpointKind;
import dev.shears.events.CheckpointWritten;
import dev.shears.events.Envelope;
import dev.shears.events.EvaluationCompleted;
import dev.shears.events.EvaluationFailed;
import dev.shears.events.EventCodec;
import dev.shears.events.KafkaClientConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluator worker on a real broker: exactly one result per (trial, sha256) across a duplicate
 * delivery, a restart mid-evaluation and a ledger rebuilt by a new worker; failures named per export; and
 * a real export evaluated through the verticle. The restart case holds its evaluation open with a
 * stand-in that blocks until interrupted (what is under test there is the worker's claim, transaction and
 * ledger); the other cases evaluate tiny real T5 models.
 */
@RealKafka
class EvaluatorWorkerIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final KafkaBroker broker;
  private final EventCodec codec = new EventCodec();
  private String bootstrap;
  private String checkpoints;
  private String evaluations;
  private String group;

  @TempDir
  Path root;

  EvaluatorWorkerIT(KafkaBroker broker) {
    this.broker = broker;
  }

  @BeforeEach
  void topics(@BootstrapServers String bootstrap) {
    this.bootstrap = bootstrap;
    checkpoints = TestTopics.create(broker, "checkpoints", 3);
    evaluations = TestTopics.create(broker, "evaluations", 3);
    group = "evaluators-" + checkpoints;
  }

  /** Counts calls; the first call blocks until interrupted when {@code blockFirst}. */
  private static final class StandInEvaluation implements ExportEvaluation {
    final AtomicInteger calls = new AtomicInteger();
    final CountDownLatch entered = new CountDownLatch(1);
    private final boolean blockFirst;

    StandInEvaluation(boolean blockFirst) {
      this.blockFirst = blockFirst;
    }

    @Override
    public EvaluationCompleted evaluate(CheckpointWritten checkpoint, Path exportDir) {
      int call = calls.incrementAndGet();
      entered.countDown();
      if (blockFirst && call == 1) {
        try {
          new CountDownLatch(1).await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new EvaluationException("interrupted");
        }
      }
      String config;
      try {
        config = Files.readString(exportDir.resolve("config.json"));
      } catch (Exception e) {
        throw new EvaluationException("Model directory " + exportDir + " does not load: " + e.getMessage(), e);
      }
      if (!config.startsWith("{")) {
        throw new EvaluationException("Model directory " + exportDir + " does not load: config.json is not JSON");
      }
      return new EvaluationCompleted(checkpoint.sha256(), checkpoint.uri(), Map.of("rougeL", 0.4),
          Map.of("rougeL", 0.42), 10, 30, 3.0, 1000, 3000, 0.3, null);
    }
  }

  private final class Running implements AutoCloseable {
    final EvaluatorWorker worker;
    final Thread thread;

    Running(String workerId, ExportEvaluation evaluation) {
      EvaluatorConfig config = new EvaluatorConfig(bootstrap, workerId, group, checkpoints, evaluations, TIMEOUT);
      worker = new EvaluatorWorker(config, evaluation, new CheckpointVerifier(), Clock.systemUTC());
      thread = new Thread(worker, "evaluator-" + workerId);
      thread.start();
      worker.readiness().toCompletableFuture().orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).join();
    }

    @Override
    public void close() throws InterruptedException {
      worker.stop();
      thread.join(30_000);
      assertThat(thread.isAlive()).as("worker thread stopped").isFalse();
    }
  }

  private void publishExport(String trialId, long seq, Path dir, String sha) throws Exception {
    CheckpointWritten cw = new CheckpointWritten("export", 100, CheckpointKind.EXPORT, dir.toUri().toString(), sha,
        10, null);
    Envelope env = Envelope.of(cw, "exp-1", trialId, 0, seq, Instant.now());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaClientConfig.producer(bootstrap, "test"))) {
      producer.send(new ProducerRecord<>(checkpoints, trialId.getBytes(StandardCharsets.UTF_8), codec.encode(env))).get();
    }
  }

  private List<Envelope> results() throws Exception {
    List<Envelope> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaClientConfig.consumer(bootstrap, "read", null))) {
      List<TopicPartition> parts = consumer.partitionsFor(evaluations).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())
          && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          out.add(codec.decode(r.value()));
        }
      }
    }
    return out;
  }

  /** Waits until the group has committed offsets up to the end of the checkpoints topic. */
  private void awaitAllConsumed() {
    try (KafkaConsumer<byte[], byte[]> probe = new KafkaConsumer<>(KafkaClientConfig.consumer(bootstrap, "probe", group))) {
      List<TopicPartition> parts = probe.partitionsFor(checkpoints).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      Map<TopicPartition, Long> end = probe.endOffsets(parts);
      Await.until(TIMEOUT, "the evaluators to commit every checkpoint record", () -> {
        var committed = probe.committed(new java.util.HashSet<>(parts));
        return end.entrySet().stream().allMatch(e -> e.getValue() == 0
            || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue()));
      });
    }
  }

  @Test
  void duplicateDeliveryAndARestartMidEvaluationGiveExactlyOneResult() throws Exception {
    Path dir = root.resolve("t1-export");
    String sha = ExportFixture.write(dir, "config.json", "{\"d_model\": 8}", "model.safetensors", "weights");
    StandInEvaluation blocking = new StandInEvaluation(true);
    Running first = new Running("worker-a", blocking);
    publishExport("t1", 7, dir, sha);
    publishExport("t1", 7, dir, sha);
    assertThat(blocking.entered.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(first.worker.current()).contains(new EvaluationKey("t1", sha));
    first.close();
    assertThat(results()).as("nothing written by the interrupted evaluation").isEmpty();

    StandInEvaluation fast = new StandInEvaluation(false);
    try (Running restarted = new Running("worker-a", fast)) {
      awaitAllConsumed();
    }
    List<Envelope> results = results();
    assertThat(results).hasSize(1);
    assertThat(results.get(0).trialId()).isEqualTo("t1");
    assertThat(results.get(0).payload()).isInstanceOf(EvaluationCompleted.class);
    assertThat(((EvaluationCompleted) results.get(0).payload()).sha256()).isEqualTo(sha);
    assertThat(fast.calls.get()).as("the duplicate is skipped, not evaluated").isEqualTo(1);

    // A third worker rebuilds its ledger from the results and ignores another redelivery.
    StandInEvaluation third = new StandInEvaluation(false);
    try (Running again = new Running("worker-b", third)) {
      assertThat(again.worker.ledger().isDone(new EvaluationKey("t1", sha))).isTrue();
      publishExport("t1", 7, dir, sha);
      awaitAllConsumed();
    }
    assertThat(third.calls.get()).isZero();
    assertThat(results()).hasSize(1);
  }

  @Test
  void theVerticleEvaluatesARealExportAgainstItsTeacher() throws Exception {
    Path teacher = root.resolve("teacher");
    Path student = root.resolve("export");
    dev.shears.evaluator.t5.TinyModelsForIt.write(teacher, student);
    java.nio.file.Files.writeString(student.resolve("README.md"),
        "# export\n\n## Evaluation\n\nNot evaluated when this directory was written.\n\n## Use in transformers\n");
    String sha = ExportFixture.manifest(student);
    dev.shears.evaluator.quality.EvalSettings settings =
        new dev.shears.evaluator.quality.EvalSettings(4, 2, 6, 1, 5, List.of("rouge"), false, 0);
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try (dev.shears.evaluator.t5.T5ModelSource source = new dev.shears.evaluator.t5.T5ModelSource()) {
      dev.shears.evaluator.quality.ModelEvaluation evaluation = new dev.shears.evaluator.quality.ModelEvaluation(
          settings, source, dev.shears.evaluator.quality.EvalData.open("builtin:synthetic-summarize", "input", "target",
              8, 1),
          new dev.shears.evaluator.quality.QualityMetrics(settings.metrics(), false, () -> null), teacher);
      EvaluatorConfig config = new EvaluatorConfig(bootstrap, "worker-v", group, checkpoints, evaluations, TIMEOUT);
      String deployment = vertx.deployVerticle(new EvaluatorVerticle(config, new CardRecordingEvaluation(evaluation)))
          .toCompletionStage().toCompletableFuture().get(90, java.util.concurrent.TimeUnit.SECONDS);
      publishExport("real", 3, student, sha);
      awaitAllConsumed();
      vertx.undeploy(deployment).toCompletionStage().toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
    }
    List<Envelope> results = results();
    assertThat(results).hasSize(1);
    assertThat(results.get(0).experimentId()).isEqualTo("exp-1");
    EvaluationCompleted done = (EvaluationCompleted) results.get(0).payload();
    assertThat(done.sha256()).isEqualTo(sha);
    assertThat(done.metrics()).containsKeys("rouge1", "rouge2", "rougeL", "rougeLsum");
    assertThat(done.teacherMetrics()).containsKeys("rougeL");
    assertThat(done.speedup()).isGreaterThan(1.0);
    assertThat(done.params()).isLessThan(done.teacherParams());
    assertThat(done.extra()).containsEntry("decoderLayers", 2.0);
    assertThat(student.resolve("README.md")).content()
        .contains(String.format(java.util.Locale.ROOT, "| rougeL | %.2f | %.2f | ", 100 * done.metrics().get("rougeL"),
            100 * done.teacherMetrics().get("rougeL")))
        .contains(String.format(java.util.Locale.ROOT, "| %.2f× (", done.speedup()))
        .contains("Measured by the Shears evaluator on 8 test examples").doesNotContain("Not evaluated")
        .endsWith("\n\n## Use in transformers\n");
    assertThat(new CheckpointVerifier().verify(student, sha)).as("the card is outside the manifest").isEqualTo(student);
  }

  @Test
  void eachExportIsEvaluatedOnItsTrialsTaskAndSettings() throws Exception {
    Path teacher = root.resolve("teacher");
    Path student = root.resolve("export");
    dev.shears.evaluator.t5.TinyModelsForIt.write(teacher, student);
    String sha = ExportFixture.manifest(student);
    String trials = TestTopics.create(broker, "trials", 3);
    com.fasterxml.jackson.databind.JsonNode spec = codec.mapper().readTree("{\"name\": \"qa\", \"method\": \"nash\", \"task\": {\"dataset\": "
        + "\"builtin:synthetic-qa\", \"metric\": \"f1\"}, \"teacher\": {\"model\": \"" + teacher
        + "\"}, \"eval\": {\"beam\": 1, \"batchSize\": 2, \"maxNewTokens\": 4}}");
    Envelope created = Envelope.of(new dev.shears.events.TrialCreated(0, spec, 0, 0, 0, 3), "exp-1", "qa-trial", 0, 0,
        Instant.now());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaClientConfig.producer(bootstrap, "t"))) {
      producer.send(new ProducerRecord<>(trials, "qa-trial".getBytes(StandardCharsets.UTF_8), codec.encode(created)))
          .get();
    }
    ExportEvaluation unused = (cw, dir) -> {
      throw new AssertionError("the fallback must not run for a trial with a known spec");
    };
    try (dev.shears.evaluator.t5.T5ModelSource source = new dev.shears.evaluator.t5.T5ModelSource()) {
      dev.shears.evaluator.quality.SpecEvaluation evaluation = new dev.shears.evaluator.quality.SpecEvaluation(
          new TrialSpecLog(bootstrap, trials, TIMEOUT), source, unused, () -> null, 0, 1, 4);
      try (Running worker = new Running("worker-s", evaluation)) {
        publishExport("qa-trial", 5, student, sha);
        awaitAllConsumed();
      }
    }
    List<Envelope> results = results();
    assertThat(results).hasSize(1);
    EvaluationCompleted done = (EvaluationCompleted) results.get(0).payload();
    assertThat(done.metrics()).containsOnlyKeys("exactMatch", "f1");
    assertThat(done.extra()).containsEntry("beams", 1.0).containsEntry("batchSize", 2.0).containsEntry("newTokens", 4.0);
  }

  @Test
  void badExportsFailWithTheCauseAndTheWorkerGoesOn() throws Exception {
    Path teacher = root.resolve("teacher");
    Path good = root.resolve("good");
    dev.shears.evaluator.t5.TinyModelsForIt.write(teacher, good);
    String goodSha = ExportFixture.manifest(good);
    Path mismatch = root.resolve("mismatch");
    ExportFixture.write(mismatch, "config.json", "{}");
    Path broken = root.resolve("broken");
    String brokenSha = ExportFixture.write(broken, "config.json", "not json", "model.safetensors", "weights");
    dev.shears.evaluator.quality.EvalSettings settings =
        new dev.shears.evaluator.quality.EvalSettings(4, 1, 4, 0, 1, List.of("rouge"), false, 0);
    try (dev.shears.evaluator.t5.T5ModelSource source = new dev.shears.evaluator.t5.T5ModelSource()) {
      dev.shears.evaluator.quality.ModelEvaluation evaluation = new dev.shears.evaluator.quality.ModelEvaluation(
          settings, source, dev.shears.evaluator.quality.EvalData.open("builtin:synthetic-summarize", "input", "target",
              4, 1),
          new dev.shears.evaluator.quality.QualityMetrics(settings.metrics(), false, () -> null), teacher);
      try (Running worker = new Running("worker-c", evaluation)) {
        publishExport("missing", 1, root.resolve("nowhere"), "a".repeat(64));
        publishExport("mismatch", 1, mismatch, "b".repeat(64));
        publishExport("broken", 1, broken, brokenSha);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaClientConfig.producer(bootstrap, "junk"))) {
          producer.send(new ProducerRecord<>(checkpoints, "good".getBytes(StandardCharsets.UTF_8),
              "{not an event".getBytes(StandardCharsets.UTF_8))).get();
        }
        publishExport("good", 1, good, goodSha);
        awaitAllConsumed();
      }
    }
    Map<String, Object> byTrial = new java.util.HashMap<>();
    results().forEach(e -> byTrial.put(e.trialId(), e.payload()));
    assertThat(byTrial).containsOnlyKeys("missing", "mismatch", "broken", "good");
    assertThat(((EvaluationFailed) byTrial.get("missing")).reason()).contains("nowhere").contains("missing");
    assertThat(((EvaluationFailed) byTrial.get("mismatch")).reason()).contains("sha256 mismatch");
    assertThat(((EvaluationFailed) byTrial.get("broken")).reason()).contains(broken.toString()).contains("does not load");
    assertThat(byTrial.get("good")).isInstanceOf(EvaluationCompleted.class);
  }
}
