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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Every record of every Shears topic from the beginning (read_committed), tailed on a thread of its own. The
 * consumer assigns partitions itself (no group), so a broker restart only pauses it.
 */
final class EventLog implements AutoCloseable {
  private final EventCodec codec = new EventCodec();
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<Consumed> records = new CopyOnWriteArrayList<>();
  private final AtomicInteger undecodable = new AtomicInteger();
  private final Map<String, Integer> telemetryPartitions = new java.util.concurrent.ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile RuntimeException failure;

  EventLog(String bootstrap, String clientId) {
    Map<String, Object> props = KafkaClientConfig.consumer(bootstrap, clientId, null);
    consumer = new KafkaConsumer<>(props);
    List<TopicPartition> partitions = new ArrayList<>();
    for (TopicSpec t : Topics.CATALOGUE) {
      // Partition counts are the catalogue's: the chaos stack creates the topics from it.
      for (int p = 0; p < t.partitions(); p++) {
        partitions.add(new TopicPartition(t.name(), p));
      }
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    thread = new Thread(this::tail, clientId);
    thread.setDaemon(true);
    thread.start();
  }

  private void tail() {
    try {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          try {
            Consumed c = new Consumed(r.topic(), codec.decode(r.value()));
            if (r.topic().equals(Topics.TELEMETRY) && c.envelope().trialId() != null) {
              telemetryPartitions.putIfAbsent(c.envelope().trialId(), r.partition());
            }
            records.add(c);
          } catch (InvalidEventException e) {
            undecodable.incrementAndGet();
          }
        }
      }
    } catch (WakeupException e) {
      // close() asked us to stop.
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /** Every record consumed so far, in consumption order. */
  List<Consumed> records() {
    if (failure != null) {
      throw new IllegalStateException("The chaos event tail stopped: " + failure.getMessage(), failure);
    }
    return List.copyOf(records);
  }

  /** The partition of shears.telemetry a trial's events went to, once one was consumed. */
  java.util.Optional<Integer> telemetryPartition(String trialId) {
    return java.util.Optional.ofNullable(telemetryPartitions.get(trialId));
  }

  /** Whether any consumed record matches. */
  boolean any(Predicate<Consumed> test) {
    return records().stream().anyMatch(test);
  }

  /** Records that could not be decoded (they are also dead-lettered by the services). */
  int undecodable() {
    return undecodable.get();
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
