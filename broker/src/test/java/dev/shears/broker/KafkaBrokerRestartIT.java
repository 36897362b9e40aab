package dev.shears.broker;

import dev.shears.broker.junit.Await;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaBrokerRestartIT {

  private static final int KEYS = 50;
  private static final int RECORDS = 10_000;

  @Test
  void recordsWrittenBeforeARestartAreReadAfterItInOrderPerKey(@TempDir Path dataDir) throws Exception {
    String topic = "shears.trials";
    KafkaBroker broker = KafkaBroker.builder().dataDir(dataDir).jvmOptions(KafkaBroker.FAST_START_JVM_OPTIONS)
        .build();
    try (broker) {
      broker.start();
      String clusterId = Files.readString(dataDir.resolve("cluster.id"));
      String bootstrap = broker.bootstrapServers();
      long firstPid = broker.pid();
      broker.createTopics(List.of(new NewTopic(topic, 3, (short) 1)));
      produce(bootstrap, topic);

      broker.stop();

      assertThat(broker.isRunning()).isFalse();
      assertThat(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();

      broker.start();

      assertThat(broker.pid()).isNotEqualTo(firstPid);
      assertThat(broker.bootstrapServers()).as("ports kept while free").isEqualTo(bootstrap);
      assertThat(Files.readString(dataDir.resolve("cluster.id"))).isEqualTo(clusterId);
      Map<String, List<Integer>> perKey = consume(broker.bootstrapServers(), topic);
      assertThat(perKey).hasSize(KEYS);
      List<Integer> expected = IntStream.range(0, RECORDS / KEYS).boxed().toList();
      perKey.forEach((key, values) -> assertThat(values).as("sequence of %s", key).isEqualTo(expected));
    }
  }

  private static void produce(String bootstrap, String topic) {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 5),
        new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < RECORDS; i++) {
        producer.send(new ProducerRecord<>(topic, "trial-" + (i % KEYS), Integer.toString(i / KEYS)));
      }
      producer.flush();
    }
  }

  /** All records of {@code topic}, values grouped by key in the order read. */
  private static Map<String, List<Integer>> consume(String bootstrap, String topic) {
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "after-restart",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000),
        new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      List<ConsumerRecord<String, String>> records = Await.records(consumer, RECORDS, Duration.ofSeconds(60));
      assertThat(records).hasSize(RECORDS);
      Map<String, List<Integer>> perKey = new LinkedHashMap<>();
      for (ConsumerRecord<String, String> r : records) {
        perKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(Integer.parseInt(r.value()));
      }
      return perKey;
    }
  }
}
