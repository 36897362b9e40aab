package dev.shears.evaluator.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.broker.KafkaBroker;
import dev.shears.broker.junit.BootstrapServers;
import dev.shears.broker.junit.RealKafka;
import dev.shears.broker.junit.TestTopics;
import dev.shears.events.Envelope;
import dev.shears.events.EvaluationCompleted;
import dev.shears.events.EvaluationFailed;
import dev.shears.events.EventCodec;
import dev.shears.events.KafkaClientConfig;
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
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaClientConfig.producer(bootstrap, "t"))) {
      send(producer, topic, Envelope.of(completed("aaa", 0.41, 4.2), "exp-1", "t-3layers", 0, 1, Instant.now()));
      send(producer, topic, Envelope.of(completed("bbb", 0.39, 5.5), "exp-1", "t-2layers", 0, 1, Instant.now()));
      send(producer, topic, Envelope.of(completed("ccc", 0.30, 9.0), "exp-2", "other", 0, 1, Instant.now()));
      send(producer, topic, Envelope.of(new EvaluationFailed("ddd", null, "does not load"), "exp-1", "t-bad", 0, 1,
          Instant.now()));
      // A redelivered result for the same (trial, sha256) counts once.
      send(producer, topic, Envelope.of(completed("aaa", 0.41, 4.2), "exp-1", "t-3layers", 0, 1, Instant.now()));
      producer.send(new ProducerRecord<>(topic, "junk".getBytes(StandardCharsets.UTF_8),
          "not json".getBytes(StandardCharsets.UTF_8))).get();
    }
    List<EvaluationLog.Entry> entries = new EvaluationLog(bootstrap, topic, Duration.ofSeconds(30)).read("exp-1");
    assertThat(entries).extracting(EvaluationLog.Entry::trialId).containsExactlyInAnyOrder("t-3layers", "t-2layers");
    Table1Report report = new Table1Builder().build("exp-1", EvaluationLog.results(entries), null);
    assertThat(report.rows()).extracting(ReportRow::label).containsExactly("teacher",
        "t-2layers (2 decoder layers)", "t-3layers (3 decoder layers)");
    assertThat(new ReportRenderer().render(report, ReportFormat.MD)).contains("| t-2layers (2 decoder layers) | 39.00 |");
  }

  private void send(KafkaProducer<byte[], byte[]> producer, String topic, Envelope e) throws Exception {
    producer.send(new ProducerRecord<>(topic, e.trialId().getBytes(StandardCharsets.UTF_8), codec.encode(e))).get();
  }
}
