package dev.shears.events;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The client settings every Shears service starts from: idempotent producers, lz4 batches for the telemetry
 * path (DESIGN §2), byte-array values decoded by {@link EventCodec} so that a bad record can be dead-lettered.
 */
public final class KafkaClientConfig {
  private KafkaClientConfig() {}

  /** An idempotent producer of {@code byte[]} keys and values. */
  public static Map<String, Object> producer(String bootstrap, String clientId) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, EventCodec.MAX_DEAD_LETTER_BYTES + EventCodec.MAX_RECORD_BYTES);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return props;
  }

  /** A transactional producer: the orchestrator's state transitions are written atomically. */
  public static Map<String, Object> transactionalProducer(String bootstrap, String clientId, String transactionalId) {
    Map<String, Object> props = producer(bootstrap, clientId);
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    return props;
  }

  /**
   * A consumer of {@code byte[]} keys and values that reads only committed records.
   *
   * @param groupId the consumer group, or null for a consumer that assigns partitions itself
   */
  public static Map<String, Object> consumer(String bootstrap, String clientId, String groupId) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    if (groupId != null) {
      props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    }
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, EventCodec.MAX_DEAD_LETTER_BYTES * 2);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return props;
  }

  /**
   * A {@link #consumer} that is the one static member {@code instanceId} of {@code groupId}: when its process dies
   * and a new one starts under the same instance id, the new one takes the partitions back at once, instead of
   * waiting for the dead member's session to time out (45 s by default), during which it would receive nothing.
   */
  public static Map<String, Object> staticMemberConsumer(String bootstrap, String clientId, String groupId,
      String instanceId) {
    Map<String, Object> props = consumer(bootstrap, clientId, groupId);
    props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
    return props;
  }

  /**
   * A {@link #consumer} whose poll loop may spend up to {@code maxPollInterval} on one batch without leaving its
   * group. Idle connections are kept at least as long: Kafka warns (and may drop the coordinator connection during
   * a rebalance) when {@code connections.max.idle.ms} is below {@code max.poll.interval.ms}.
   */
  public static Map<String, Object> slowConsumer(String bootstrap, String clientId, String groupId,
      Duration maxPollInterval) {
    Map<String, Object> props = consumer(bootstrap, clientId, groupId);
    int interval = Math.toIntExact(maxPollInterval.toMillis());
    props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, interval);
    props.put(ConsumerConfig.CONNECTIONS_MAX_IDLE_MS_CONFIG, Math.max(interval, DEFAULT_CONNECTIONS_MAX_IDLE_MS));
    return props;
  }

  /** Kafka's default {@code connections.max.idle.ms} for consumers (9 minutes). */
  private static final int DEFAULT_CONNECTIONS_MAX_IDLE_MS = 540_000;
}
