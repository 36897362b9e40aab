package dev.shears.orchestrator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.events.DeadLetterRouter;
import dev.shears.events.Envelope;
import dev.shears.events.EventCodec;
import dev.shears.events.ExperimentResumed;
import dev.shears.events.WorkerHeartbeat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Recovery ends only once the fleet's look-back has been read as well as the logs: a heartbeat the engine reads
 * after recovery counts as arriving then, so an old one read late would pass for a fresh one.
 */
class LogReaderRecoveryTest {
  private static final Instant WRITTEN = Instant.parse("2026-01-01T00:00:00Z");
  private final EventCodec codec = new EventCodec();

  private record Delivery(List<String> types, boolean caughtUp) {}

  @Test
  void theLogsCaughtUpBeforeTheFleetsLookBackIsReadIsNotYetRecovered() throws Exception {
    TopicPartition log = new TopicPartition("log", 0);
    TopicPartition fleet = new TopicPartition("fleet", 0);
    MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest") {
      @Override
      public synchronized Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> query) {
        return Map.of(fleet, new OffsetAndTimestamp(0, WRITTEN.toEpochMilli())); // the look-back starts at 0
      }
    };
    Node node = new Node(0, "localhost", 9092);
    for (TopicPartition tp : List.of(log, fleet)) {
      consumer.updatePartitions(tp.topic(), List.of(new PartitionInfo(tp.topic(), 0, node, new Node[] {node},
          new Node[] {node})));
      consumer.updateBeginningOffsets(Map.of(tp, 0L));
      consumer.updateEndOffsets(Map.of(tp, 1L));
    }
    // The log's record comes in the first poll, the fleet's heartbeat (written before the start) in the second.
    consumer.schedulePollTask(() -> consumer.addRecord(record(log,
        Envelope.of(new ExperimentResumed(), "exp-1", null, 0, 0, WRITTEN))));
    consumer.schedulePollTask(() -> consumer.addRecord(record(fleet, Envelope.of(new WorkerHeartbeat("w1",
        "trainer", "h", List.of(), List.of("exp-1-0000"), 1, null), WRITTEN))));
    List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> recovered = new CompletableFuture<>();
    LogReader reader = new LogReader(consumer, new DeadLetterRouter(codec, new MockProducer<>(true, null,
        new ByteArraySerializer(), new ByteArraySerializer()), "orchestrator-test", Clock.systemUTC()),
        List.of("log"), "fleet", Duration.ofSeconds(15), Clock.systemUTC(), new LogReader.Handler() {
          @Override
          public void accept(List<Envelope> batch, boolean caughtUp) {
            deliveries.add(new Delivery(batch.stream().map(Envelope::type).toList(), caughtUp));
            if (caughtUp) {
              recovered.complete(null);
            }
          }

          @Override
          public void failed(Throwable error) {
            recovered.completeExceptionally(error);
          }
        });

    reader.start();
    recovered.get(10, TimeUnit.SECONDS);
    reader.close();

    assertThat(deliveries).containsExactly(new Delivery(List.of("ExperimentResumed"), false),
        new Delivery(List.of("WorkerHeartbeat"), true));
  }

  private ConsumerRecord<byte[], byte[]> record(TopicPartition tp, Envelope e) {
    return new ConsumerRecord<>(tp.topic(), tp.partition(), 0, new byte[0], codec.encode(e));
  }
}
