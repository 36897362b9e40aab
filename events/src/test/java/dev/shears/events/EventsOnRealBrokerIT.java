package dev.shears.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.broker.KafkaBroker;
import dev.shears.broker.junit.Await;
import dev.shears.broker.junit.RealKafka;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every event type, and every kind of bad record, through a real broker. */
@RealKafka
class EventsOnRealBrokerIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private final EventCodec codec = new EventCodec();

  @BeforeAll
  static void createCatalogue(KafkaBroker broker) {
    broker.createTopics(Topics.CATALOGUE.stream()
        .map(t -> t.forCluster(1))
        .map(t -> new NewTopic(t.name(), t.partitions(), t.replicationFactor()).configs(t.configs()))
        .toList());
  }

  @Test
  void everyEventTypeIsProducedAndConsumedOnItsTopic(KafkaBroker broker) {
    List<Envelope> sent = new ArrayList<>();
    long seq = 0;
    for (Event event : SampleEvents.all()) {
      sent.add(SampleEvents.envelope(event, seq++));
    }
    try (KafkaProducer<byte[], byte[]> producer = producer(broker)) {
      for (Envelope e : sent) {
        producer.send(new ProducerRecord<>(e.topic(), bytes(e.key()), codec.encode(e)));
      }
      producer.flush();
    }
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(broker, "all-types")) {
      consumer.subscribe(Topics.CATALOGUE.stream().map(TopicSpec::name).toList());
      Set<String> ids = sent.stream().map(Envelope::id).collect(Collectors.toSet());
      Map<String, Envelope> received = new HashMap<>();
      Await.until(WAIT, () -> "all " + sent.size() + " events; received " + received.size(), () -> {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          Envelope e = decodeOrNull(r.value());
          if (e != null && ids.contains(e.id())) {
            assertThat(r.topic()).as(e.type()).isEqualTo(e.topic());
            assertThat(r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(e.key());
            received.put(e.id(), e);
          }
        }
        return received.size() == sent.size();
      });
      assertThat(received.values()).containsExactlyInAnyOrderElementsOf(sent);
      assertThat(received.values().stream().map(Envelope::type).collect(Collectors.toSet()))
          .isEqualTo(EventTypes.names());
    }
  }

  @Test
  void badRecordsGoToTheDeadLetterTopicAndConsumptionGoesOn(KafkaBroker broker) throws Exception {
    Map<InvalidEventException.Kind, byte[]> bad = new java.util.LinkedHashMap<>();
    bad.put(InvalidEventException.Kind.MALFORMED_JSON, utf8("{\"v\":1,\"type\":"));
    bad.put(InvalidEventException.Kind.UNKNOWN_TYPE, utf8(envelope("\"v\":1", "\"type\":\"GpuMelted\"", "{}")));
    bad.put(InvalidEventException.Kind.UNSUPPORTED_VERSION, utf8(envelope("\"v\":7", "\"type\":\"TrialStarted\"",
        "{\"workerId\":\"w\"}")));
    bad.put(InvalidEventException.Kind.MISSING_FIELD, utf8(envelope("\"v\":1", "\"type\":\"LossEvent\"",
        "{\"step\":3,\"stage\":\"prune-encoder\"}")));
    bad.put(InvalidEventException.Kind.OVERSIZED, utf8(envelope("\"v\":1", "\"type\":\"TrialFailed\"",
        "{\"reason\":\"" + "x".repeat(EventCodec.MAX_RECORD_BYTES) + "\"}")));
    Envelope good = SampleEvents.envelope(new LossEvent(4, "prune-encoder", 1, 1, 0, 0, 0, 0, 1e-4), 4);

    try (KafkaProducer<byte[], byte[]> producer = producer(broker)) {
      for (byte[] value : bad.values()) {
        producer.send(new ProducerRecord<>(Topics.TELEMETRY, 0, utf8("t1"), value)).get();
      }
      producer.send(new ProducerRecord<>(Topics.TELEMETRY, 0, utf8("t1"), codec.encode(good))).get();

      List<Envelope> accepted = new ArrayList<>();
      try (KafkaConsumer<byte[], byte[]> consumer = consumer(broker, "dlq-path")) {
        consumer.subscribe(List.of(Topics.TELEMETRY));
        DeadLetterRouter router = new DeadLetterRouter(codec, producer, "dlq-test", Clock.systemUTC());
        Await.until(WAIT, () -> "the valid record after the bad ones; accepted " + accepted, () -> {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            router.accept(r).filter(e -> e.trialId().equals("t1")).ifPresent(accepted::add);
          }
          return accepted.stream().anyMatch(e -> e.id().equals(good.id()));
        });
      }
      producer.flush();
    }

    try (KafkaConsumer<byte[], byte[]> dlq = consumer(broker, "dlq-reader")) {
      dlq.subscribe(List.of(Topics.DLQ));
      List<DeadLetter> letters = Await.records(dlq, bad.size(), WAIT).stream()
          .map(r -> decode(r.value()))
          .filter(e -> e.payload() instanceof DeadLetter d && d.consumer().equals("dlq-test"))
          .map(e -> (DeadLetter) e.payload())
          .toList();
      assertThat(letters).hasSize(bad.size());
      List<InvalidEventException.Kind> kinds = new ArrayList<>(bad.keySet());
      for (int i = 0; i < letters.size(); i++) {
        DeadLetter letter = letters.get(i);
        assertThat(letter.reason()).as("dead letter %d", i).startsWith(kinds.get(i).name());
        assertThat(letter.sourceTopic()).isEqualTo(Topics.TELEMETRY);
        assertThat(letter.sourcePartition()).isZero();
        assertThat(letter.key()).isEqualTo("t1");
        assertThat(Base64.getDecoder().decode(letter.rawValueBase64())).isEqualTo(bad.get(kinds.get(i)));
      }
      assertThat(letters).extracting(DeadLetter::sourceOffset).doesNotHaveDuplicates();
      assertThat(letters.get(3).path()).isEqualTo("payload.total");
    }
  }

  private Envelope decodeOrNull(byte[] value) {
    try {
      return codec.decode(value);
    } catch (InvalidEventException e) {
      return null;
    }
  }

  private Envelope decode(byte[] value) {
    try {
      return codec.decode(value);
    } catch (InvalidEventException e) {
      throw new AssertionError(e);
    }
  }

  static KafkaProducer<byte[], byte[]> producer(KafkaBroker broker) {
    return new KafkaProducer<>(KafkaClientConfig.producer(broker.bootstrapServers(), "events-it"));
  }

  static KafkaConsumer<byte[], byte[]> consumer(KafkaBroker broker, String group) {
    return new KafkaConsumer<>(KafkaClientConfig.consumer(broker.bootstrapServers(), group, group));
  }

  private static String envelope(String version, String type, String payload) {
    return "{" + version + "," + type + ",\"id\":\"x\",\"ts\":\"2026-01-01T00:00:00Z\",\"experimentId\":\"e\","
        + "\"trialId\":\"t1\",\"attempt\":0,\"seq\":0,\"payload\":" + payload + "}";
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String s) {
    return Optional.ofNullable(s).map(EventsOnRealBrokerIT::utf8).orElse(null);
  }
}
