package dev.shears.evaluator.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shears.broker.KafkaBroker;
import dev.shears.broker.junit.BootstrapServers;
import dev.shears.broker.junit.RealKafka;
import dev.shears.broker.junit.TestTopics;
import dev.shears.events.Envelope;
import dev.shears.events.EvaluationCompleted;
import dev.shears.events.EvaluationFailed;
import dev.shears.events.EventCodec;
import dev.shears.events.KafkaClientConfig;
import dev.shears.events.TrialCreated;
import dev.shears.report.EvaluatedTrial;
import dev.shears.report.ReportFormat;
import dev.shears.report.ReportRenderer;
import dev.shears.report.ReportRow;
import dev.shears.report.Table1Builder;
import dev.shears.report.Table1Report;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

@RealKafka
class EvaluationLogIT {

  private final KafkaBroker broker;
  private final EventCodec codec = new EventCodec();

  EvaluationLogIT(KafkaBroker broker) {
    this.broker = broker;
  }

  private static EvaluationCompleted completed(String sha, double rougeL, double speedup) {
    return new EvaluationCompleted(sha, "file:/x/" + sha, Map.of("rougeL", rougeL), Map.of("rougeL", 0.43), 10, 30,
        speedup, 60_000_000, 220_000_000, 0.3, Map.of("decoderLayers", speedup > 5 ? 2.0 : 3.0));
  }

  @Test
  void readsOneExperimentsCompletedEvaluationsIntoAReport(@BootstrapServers String bootstrap) throws Exception {
    String topic = TestTopics.create(broker, "evaluations", 3);
    String trials = TestTopics.create(broker, "trials", 3);
    ObjectMapper json = new ObjectMapper();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaClientConfig.producer(bootstrap, "t"))) {
      send(producer, trials, Envelope.of(new TrialCreated(0, json.readTree(
          "{\"name\": \"x\", \"task\": {\"dataset\": \"builtin:synthetic-summarize\", \"metric\": \"rouge\"}, "
          + "\"teacher\": {\"model\": \"builtin:tiny-t5\"}, \"method\": \"nash\", "
          + "\"nash\": {\"decoderLayers\": 3, \"encoderSparsity\": 0.3}}"), 1, 1, 0, 3),
          "exp-1", "t-3layers", 0, 0, Instant.now()));
      send(producer, topic, Envelope.of(completed("aaa", 0.41, 4.2), "exp-1", "t-3layers", 0, 1, Instant.now()));
      send(producer, topic, Envelope.of(completed("bbb", 0.39, 5.5), "exp-1", "t-2layers", 0, 1, Instant.now()));
      send(producer, topic, Envelope.of(completed("ccc", 0.30, 9.0), "exp-2", "other", 0, 1, Instant.now()));
      send(producer, topic, Envelope.of(new EvaluationFailed("ddd", null, "does not load"), "exp-1", "t-bad", 0, 1,
          Instant.now()));
      // A redelivered result, or a later evaluation of the same trial, replaces the earlier one.
      send(producer, topic, Envelope.of(completed("aaa", 0.41, 4.2), "exp-1", "t-3layers", 0, 1, Instant.now()));
      producer.send(new ProducerRecord<>(topic, "junk".getBytes(StandardCharsets.UTF_8),
          "not json".getBytes(StandardCharsets.UTF_8))).get();
    }
    List<EvaluatedTrial> entries = new EvaluationLog(bootstrap, topic, trials, Duration.ofSeconds(30)).read("exp-1");
    // The trial whose creation was read comes first, by its index, with its spec; the other after it, without.
    assertThat(entries).extracting(EvaluatedTrial::trialId).containsExactly("t-3layers", "t-2layers");
    assertThat(entries.get(0).index()).isZero();
    assertThat(entries.get(1).spec()).isNull();
    Table1Report report = new Table1Builder().fromTrials("exp-1", entries, null);
    assertThat(report.rows()).extracting(ReportRow::label).containsExactly("teacher", "t-2layers",
        "NASH-3 (encoder sparsity 0.3)");
    assertThat(new ReportRenderer().render(report, ReportFormat.MD)).contains("| t-2layers | 39.00 |");
  }

  private void send(KafkaProducer<byte[], byte[]> producer, String topic, Envelope e) throws Exception {
    producer.send(new ProducerRecord<>(topic, e.trialId().getBytes(StandardCharsets.UTF_8), codec.encode(e))).get();
  }
}
