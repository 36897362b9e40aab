package dev.shears.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/** Every producer the services build starts from these settings: no acknowledged record may be lost or doubled. */
class KafkaClientConfigTest {

  @Test
  void producersWaitForEveryInSyncReplicaAndAreIdempotent() {
    Map<String, Object> plain = KafkaClientConfig.producer("k:9092", "c");
    Map<String, Object> transactional = KafkaClientConfig.transactionalProducer("k:9092", "c", "tx");
    for (Map<String, Object> p : java.util.List.of(plain, transactional)) {
      assertThat(p).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
          .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
          // Retries are left to the client (unbounded within delivery.timeout.ms), which a leader change needs.
          .doesNotContainKeys(ProducerConfig.RETRIES_CONFIG, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
    }
    assertThat(transactional).containsEntry(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx");
  }

  @Test
  void topicsOnThreeBrokersNeedTwoInSyncReplicas() {
    TopicSpec telemetry = Topics.spec(Topics.TELEMETRY);
    assertThat(telemetry.forCluster(3).replicationFactor()).isEqualTo((short) 3);
    assertThat(telemetry.forCluster(3).configs()).containsEntry(TopicSpec.MIN_INSYNC_REPLICAS, "2")
        .containsEntry("compression.type", "lz4");
    assertThat(telemetry.forCluster(5).replicationFactor()).isEqualTo((short) 3);
    assertThat(telemetry.forCluster(2).configs()).containsEntry(TopicSpec.MIN_INSYNC_REPLICAS, "1");
    assertThat(telemetry.forCluster(1).replicationFactor()).isEqualTo((short) 1);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> telemetry.withReplication((short) 3, 4))
        .hasMessageContaining("min.insync.replicas of shears.telemetry must be in [1, 3]");
  }

  @Test
  void consumersKeepIdleConnectionsAtLeastAsLongAsTheirPollInterval() {
    // Kafka warns, once per consumer, when connections.max.idle.ms < max.poll.interval.ms.
    for (Map<String, Object> props : java.util.List.of(KafkaClientConfig.consumer("k:9092", "c", "g"),
        KafkaClientConfig.slowConsumer("k:9092", "c", "g", Duration.ofMinutes(30)),
        KafkaClientConfig.slowConsumer("k:9092", "c", "g", Duration.ofMinutes(1)))) {
      ConsumerConfig config = new ConsumerConfig(props);
      assertThat(config.getLong(ConsumerConfig.CONNECTIONS_MAX_IDLE_MS_CONFIG))
          .isGreaterThanOrEqualTo(config.getInt(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG).longValue());
    }
    assertThat(KafkaClientConfig.slowConsumer("k:9092", "c", "g", Duration.ofMinutes(30)))
        .containsEntry(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 1_800_000);
  }
}
