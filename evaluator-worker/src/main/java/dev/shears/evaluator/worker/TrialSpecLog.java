package dev.shears.evaluator.worker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shears.events.Envelope;
import dev.shears.events.EventCodec;
import dev.shears.events.InvalidEventException;
import dev.shears.events.KafkaClientConfig;
import dev.shears.events.TrialCreated;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Resolved trial specs from the {@code TrialCreated} events on the trials topic, by trial id. A look-up of
 * an unknown trial reads on from where the previous look-up stopped up to the current end of the topic, so
 * the log is read once overall. Blocking; for the worker's thread only.
 */
public final class TrialSpecLog implements Function<String, Optional<JsonNode>> {

  private final Map<String, Object> props;
  private final String topic;
  private final Duration timeout;
  private final EventCodec codec = new EventCodec();
  private final Map<String, JsonNode> specs = new HashMap<>();
  private final Map<TopicPartition, Long> positions = new HashMap<>();

  /**
   * A log reader.
   *
   * @param bootstrap Kafka bootstrap servers
   * @param topic     the trials topic
   * @param timeout   the longest one catch-up may take
   */
  public TrialSpecLog(String bootstrap, String topic, Duration timeout) {
    this.props = KafkaClientConfig.consumer(bootstrap, "shears-evaluator-specs", null);
    this.topic = topic;
    this.timeout = timeout;
  }

  @Override
  public Optional<JsonNode> apply(String trialId) {
    JsonNode spec = specs.get(trialId);
    if (spec == null) {
      catchUp();
      spec = specs.get(trialId);
    }
    return Optional.ofNullable(spec);
  }

  private void catchUp() {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      if (partitions.isEmpty()) {
        return;
      }
      consumer.assign(partitions);
      for (TopicPartition p : partitions) {
        Long at = positions.get(p);
        if (at == null) {
          consumer.seekToBeginning(List.of(p));
        } else {
          consumer.seek(p, at);
        }
      }
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
        if (System.nanoTime() > deadline) {
          throw new EvaluationException("Reading trial specs from " + topic + " took longer than " + timeout);
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          try {
            Envelope e = codec.decode(r.value());
            if (e.trialId() != null && e.payload() instanceof TrialCreated created) {
              specs.put(e.trialId(), created.spec());
            }
          } catch (InvalidEventException ignored) {
            // The orchestrator dead-letters bad records; a spec look-up only needs the good ones.
          }
        }
      }
      for (TopicPartition p : partitions) {
        positions.put(p, consumer.position(p));
      }
    }
  }
}
