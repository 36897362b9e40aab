package dev.shears.orchestrator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.events.DeadLetterRouter;
import dev.shears.events.Envelope;
import dev.shears.events.EventCodec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The log reader, failed on purpose after recovery: its handler must hear of it (the verticle then goes down). */
class LogReaderFailureTest {

  @Test
  void aFailingPollAfterRecoveryReachesTheHandlerAndClosesTheConsumer() throws Exception {
    MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest") {
      @Override
      public synchronized Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> query) {
        return Map.of(); // no fleet record in the look-back window: the reader starts the fleet at its end
      }
    };
    Node node = new Node(0, "localhost", 9092);
    for (String topic : List.of("log", "fleet")) {
      consumer.updatePartitions(topic, List.of(new PartitionInfo(topic, 0, node, new Node[] {node},
          new Node[] {node})));
      consumer.updateBeginningOffsets(Map.of(new TopicPartition(topic, 0), 0L));
      consumer.updateEndOffsets(Map.of(new TopicPartition(topic, 0), 0L));
    }
    CompletableFuture<Boolean> recovered = new CompletableFuture<>();
    CompletableFuture<Throwable> failed = new CompletableFuture<>();
    // The first poll returns nothing (recovery completes at end offset 0); the second fails.
    consumer.schedulePollTask(() -> { });
    consumer.schedulePollTask(() -> consumer.setPollException(new KafkaException("injected: the log is unreadable")));
    LogReader reader = new LogReader(consumer, new DeadLetterRouter(new EventCodec(), new MockProducer<>(true, null,
        new ByteArraySerializer(), new ByteArraySerializer()), "orchestrator-test", Clock.systemUTC()), List.of("log"),
        "fleet", Duration.ofMinutes(1), Clock.systemUTC(), new LogReader.Handler() {
          @Override
          public void accept(List<Envelope> batch, boolean caughtUp) {
            recovered.complete(caughtUp);
          }

          @Override
          public void failed(Throwable error) {
            failed.complete(error);
          }
        });

    reader.start();

    assertThat(failed.get(10, TimeUnit.SECONDS)).hasMessageContaining("injected: the log is unreadable");
    assertThat(recovered.getNow(false)).isTrue();
    reader.close();
    assertThat(consumer.closed()).isTrue();
  }
}
