package dev.shears.broker;

import dev.shears.broker.junit.Await;
import dev.shears.broker.junit.BootstrapServers;
import dev.shears.broker.junit.RealKafka;
import dev.shears.broker.junit.TestTopics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

@RealKafka
class KafkaBrokerIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final KafkaBroker broker;

  KafkaBrokerIT(KafkaBroker broker) {
    this.broker = broker;
  }

  @Test
  void recordsProducedAreConsumedWithTheirKeys(@BootstrapServers String bootstrap) throws Exception {
    String topic = TestTopics.create(broker, "roundtrip", 2);

    try (KafkaProducer<String, String> producer = producer(bootstrap, Map.of())) {
      for (int i = 0; i < 100; i++) {
        producer.send(new ProducerRecord<>(topic, "trial-" + (i % 4), "loss " + i)).get();
      }
    }
    try (KafkaConsumer<String, String> consumer = consumer(bootstrap, "read_uncommitted")) {
      consumer.subscribe(List.of(topic));
      List<ConsumerRecord<String, String>> records = Await.records(consumer, 100, TIMEOUT);

      assertThat(records).hasSize(100);
      assertThat(records).extracting(ConsumerRecord::key).containsOnly("trial-0", "trial-1", "trial-2", "trial-3");
      assertThat(records).filteredOn(r -> r.key().equals("trial-1")).extracting(ConsumerRecord::value)
          .startsWith("loss 1", "loss 5", "loss 9");
    }
  }

  @Test
  void transactionalProducerCommitsAndAborts(@BootstrapServers String bootstrap) {
    String topic = TestTopics.create(broker, "tx", 1);

    try (KafkaProducer<String, String> producer = producer(bootstrap,
        Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-" + topic))) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "t", "committed-1"));
      producer.send(new ProducerRecord<>(topic, "t", "committed-2"));
      producer.commitTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "t", "aborted"));
      producer.flush();
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "t", "committed-3"));
      producer.commitTransaction();
    }
    try (KafkaConsumer<String, String> consumer = consumer(bootstrap, "read_committed")) {
      consumer.subscribe(List.of(topic));
      List<ConsumerRecord<String, String>> records = Await.records(consumer, 3, TIMEOUT);

      assertThat(records).extracting(ConsumerRecord::value)
          .containsExactly("committed-1", "committed-2", "committed-3");
    }
  }

  @Test
  void creatingTopicsAgainKeepsTheExistingOnes(@BootstrapServers String bootstrap) throws Exception {
    NewTopic telemetry = new NewTopic("shears.telemetry.idem", 3, (short) 1)
        .configs(Map.of("compression.type", "lz4", "retention.ms", "3600000"));
    NewTopic trials = new NewTopic("shears.trials.idem", 1, (short) 1);

    broker.createTopics(List.of(telemetry, trials));
    broker.createTopics(List.of(new NewTopic("shears.telemetry.idem", 5, (short) 1), trials));

    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      assertThat(admin.listTopics().names().get()).contains("shears.telemetry.idem", "shears.trials.idem");
      assertThat(admin.describeTopics(Set.of("shears.telemetry.idem")).allTopicNames().get()
          .get("shears.telemetry.idem").partitions()).hasSize(3);
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "shears.telemetry.idem");
      assertThat(admin.describeConfigs(Set.of(resource)).all().get().get(resource)
          .get("compression.type").value()).isEqualTo("lz4");
    }
  }

  @Test
  void badTopicIsRejectedNamingIt() {
    NewTopic invalid = new NewTopic("bad-config", 1, (short) 1).configs(Map.of("cleanup.policy", "shred"));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> broker.createTopics(List.of(invalid)))
        .isInstanceOf(KafkaBrokerException.class)
        .hasMessageContaining("bad-config")
        .hasMessageContaining("shred");
  }

  @Test
  void oneBrokerServesTheWholeClass(KafkaBroker injected, @BootstrapServers String bootstrap) {
    assertThat(injected).isSameAs(broker);
    assertThat(bootstrap).isEqualTo(broker.bootstrapServers()).startsWith("127.0.0.1:");
    assertThat(broker.isRunning()).isTrue();
    assertThat(broker.logFile()).exists();
  }

  @Nested
  class NestedClasses {

    @Test
    void shareTheOuterClassBroker(KafkaBroker nested) {
      assertThat(nested).isSameAs(broker);
    }
  }

  private static KafkaProducer<String, String> producer(String bootstrap, Map<String, Object> extra) {
    Map<String, Object> config = new java.util.HashMap<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true));
    config.putAll(extra);
    return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
  }

  private static KafkaConsumer<String, String> consumer(String bootstrap, String isolation) {
    return new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "g-" + java.util.UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation),
        new StringDeserializer(), new StringDeserializer());
  }
}
