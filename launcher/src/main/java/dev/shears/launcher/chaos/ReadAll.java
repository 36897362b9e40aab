package dev.shears.launcher.chaos;

import dev.shears.events.EventCodec;
import dev.shears.events.InvalidEventException;
import dev.shears.events.KafkaClientConfig;
import dev.shears.events.TopicSpec;
import dev.shears.events.Topics;
import dev.shears.launcher.chaos.ChaosChecks.Consumed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Reads every Shears topic from the beginning to its current end (read_committed) with a fresh consumer. */
public final class ReadAll {
  private ReadAll() {}

  /** Every decodable record, per partition in offset order. */
  public static List<Consumed> from(String bootstrap, Duration timeout) {
    EventCodec codec = new EventCodec();
    List<Consumed> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(KafkaClientConfig.consumer(bootstrap, "shears-chaos-verify", null))) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (TopicSpec t : Topics.CATALOGUE) {
        for (int p = 0; p < t.partitions(); p++) {
          partitions.add(new TopicPartition(t.name(), p));
        }
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!caughtUp(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Could not read the topics to their end within " + timeout.toSeconds()
              + " s");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          try {
            out.add(new Consumed(r.topic(), codec.decode(r.value())));
          } catch (InvalidEventException e) {
            // Counted by the services' dead-letter queue, not an event of the sweep.
          }
        }
      }
    }
    return out;
  }

  private static boolean caughtUp(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
