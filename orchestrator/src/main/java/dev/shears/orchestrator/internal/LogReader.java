package dev.shears.orchestrator.internal;

import dev.shears.events.DeadLetterRouter;
import dev.shears.events.Envelope;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the orchestrator's logs from the beginning (read_committed) and the fleet topic from a look-back window,
 * on its own thread, and hands decoded batches to a handler. Bad records go to the dead-letter topic. The handler
 * learns when every partition it reads, the fleet's included, has reached the end offset it had at start: recovery
 * is complete.
 */
public final class LogReader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LogReader.class);

  /** Receives batches on the reader's thread; it must hand them to its own context. */
  public interface Handler {
    void accept(List<Envelope> batch, boolean caughtUp);

    void failed(Throwable error);
  }

  private final Consumer<byte[], byte[]> consumer;
  private final DeadLetterRouter router;
  private final List<String> logTopics;
  private final String fleetTopic;
  private final Duration fleetLookback;
  private final Clock clock;
  private final Handler handler;
  private final Thread thread;
  private volatile boolean running = true;

  public LogReader(Map<String, Object> consumerProps, DeadLetterRouter router, List<String> logTopics,
      String fleetTopic, Duration fleetLookback, Clock clock, Handler handler) {
    this(new KafkaConsumer<>(consumerProps), router, logTopics, fleetTopic, fleetLookback, clock, handler);
  }

  /** A reader of {@code consumer}, which it owns and closes. */
  public LogReader(Consumer<byte[], byte[]> consumer, DeadLetterRouter router, List<String> logTopics,
      String fleetTopic, Duration fleetLookback, Clock clock, Handler handler) {
    this.consumer = consumer;
    this.router = router;
    this.logTopics = List.copyOf(logTopics);
    this.fleetTopic = fleetTopic;
    this.fleetLookback = fleetLookback;
    this.clock = clock;
    this.handler = handler;
    this.thread = new Thread(this::run, "shears-orchestrator-reader");
    this.thread.setDaemon(true);
  }

  /** The consumer's own metrics (its lag among them); safe to read from another thread. */
  public Map<org.apache.kafka.common.MetricName, ? extends org.apache.kafka.common.Metric> consumerMetrics() {
    return consumer.metrics();
  }

  public void start() {
    thread.start();
  }

  private void run() {
    try {
      List<TopicPartition> logs = partitions(logTopics);
      List<TopicPartition> fleet = partitions(List.of(fleetTopic));
      List<TopicPartition> all = new ArrayList<>(logs);
      all.addAll(fleet);
      consumer.assign(all);
      consumer.seekToBeginning(logs);
      seekFleet(fleet);
      // Recovery ends once the fleet's look-back is read too: a heartbeat read after it counts as arriving then, so
      // one written before this reader started must be read before (it then counts from when it was written).
      Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(all));
      boolean caughtUp = reached(ends);
      if (caughtUp) {
        handler.accept(List.of(), true);
      }
      while (running) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
        List<Envelope> batch = new ArrayList<>(records.count());
        for (ConsumerRecord<byte[], byte[]> record : records) {
          router.accept(record).ifPresent(batch::add);
        }
        boolean now = caughtUp || reached(ends);
        if (!batch.isEmpty() || now != caughtUp) {
          handler.accept(batch, now);
        }
        caughtUp = now;
      }
    } catch (WakeupException e) {
      if (running) {
        handler.failed(e);
      }
    } catch (RuntimeException e) {
      LOG.error("The orchestrator's log reader stopped", e);
      handler.failed(e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private List<TopicPartition> partitions(List<String> topics) {
    List<TopicPartition> out = new ArrayList<>();
    for (String topic : topics) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("Topic " + topic + " does not exist; create the topic catalogue first");
      }
      infos.forEach(p -> out.add(new TopicPartition(p.topic(), p.partition())));
    }
    return out;
  }

  private void seekFleet(List<TopicPartition> fleet) {
    long since = clock.instant().minus(fleetLookback).toEpochMilli();
    Map<TopicPartition, Long> query = new HashMap<>();
    fleet.forEach(tp -> query.put(tp, since));
    Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(query);
    List<TopicPartition> toEnd = new ArrayList<>();
    for (TopicPartition tp : fleet) {
      OffsetAndTimestamp at = offsets.get(tp);
      if (at == null) {
        toEnd.add(tp);
      } else {
        consumer.seek(tp, at.offset());
      }
    }
    // An empty list would mean every assigned partition, the logs included.
    if (!toEnd.isEmpty()) {
      consumer.seekToEnd(toEnd);
    }
  }

  private boolean reached(Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      if (consumer.position(end.getKey()) < end.getValue()) {
        return false;
      }
    }
    return true;
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
