package dev.shears.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.broker.KafkaBroker;
import dev.shears.broker.junit.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events written before a broker restart are all read after it, in order per key. */
class EventsSurviveBrokerRestartIT {
  private static final int EVENTS = 10_000;
  private static final int TRIALS = 50;

  @Test
  void tenThousandEventsSurviveARestartInOrderPerKey(@TempDir Path dir) throws Exception {
    EventCodec codec = new EventCodec();
    TopicSpec telemetry = Topics.spec(Topics.TELEMETRY).forCluster(1);
    try (KafkaBroker broker = KafkaBroker.builder().dataDir(dir.resolve("kafka")).build().start()) {
      broker.createTopics(List.of(new NewTopic(telemetry.name(), telemetry.partitions(), (short) 1)
          .configs(telemetry.configs())));
      try (KafkaProducer<byte[], byte[]> producer = EventsOnRealBrokerIT.producer(broker)) {
        for (int i = 0; i < EVENTS; i++) {
          String trial = "trial-" + (i % TRIALS);
          long step = i / TRIALS;
          Envelope e = Envelope.of(new LossEvent(step, "prune-encoder", 1.0 / (step + 1), 0, 0, 0, 0, 0, 3e-5),
              "exp", trial, 1, step, SampleEvents.TS);
          producer.send(new ProducerRecord<>(Topics.TELEMETRY, e.key().getBytes(StandardCharsets.UTF_8),
              codec.encode(e)));
        }
        producer.flush();
      }
      broker.stop();
      broker.start();

      try (KafkaConsumer<byte[], byte[]> consumer = EventsOnRealBrokerIT.consumer(broker, "after-restart")) {
        consumer.subscribe(List.of(Topics.TELEMETRY));
        List<ConsumerRecord<byte[], byte[]>> records = Await.records(consumer, EVENTS, Duration.ofSeconds(60));
        assertThat(records).hasSize(EVENTS);
        Map<String, List<Long>> stepsPerTrial = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
          Envelope e = codec.decode(r.value());
          stepsPerTrial.computeIfAbsent(e.trialId(), k -> new ArrayList<>()).add(((LossEvent) e.payload()).step());
        }
        assertThat(stepsPerTrial).hasSize(TRIALS);
        List<Long> expected = new ArrayList<>();
        for (long s = 0; s < EVENTS / TRIALS; s++) {
          expected.add(s);
        }
        stepsPerTrial.forEach((trial, steps) -> assertThat(steps).as(trial).isEqualTo(expected));
      }
    }
  }
}
