package dev.shears.orchestrator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.events.DeadLetterRouter;
import dev.shears.events.Envelope;
import dev.shears.events.EventCodec;
import dev.shears.events.KafkaClientConfig;
import dev.shears.ops.Liveness;
import dev.shears.orchestrator.scheduler.Scheduler;
import dev.shears.orchestrator.scheduler.SchedulerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
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

/** The log reader, failed on purpose: its handler must hear of it, and the orchestrator goes down. */
class LogReaderFailureTest {

  @Test
  void aFailingPollAfterRecoveryReachesTheHandlerAndClosesTheConsumer() throws Exception {
    MockConsumer<byte[], byte[]> consumer = consumer(0);
    CompletableFuture<Boolean> recovered = new CompletableFuture<>();
    CompletableFuture<Throwable> failed = new CompletableFuture<>();
    // The first poll returns nothing (recovery completes at end offset 0); the second fails.
    consumer.schedulePollTask(() -> { });
    consumer.schedulePollTask(() -> consumer.setPollException(new KafkaException("injected: the log is unreadable")));
    LogReader reader = reader(consumer, new LogReader.Handler() {
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

  @Test
  void aReaderThatFailsDuringRecoveryTakesTheOrchestratorDownAndFailsItsRecovery() throws Exception {
    // One record in the log that the reader never gets to read: recovery cannot complete.
    MockConsumer<byte[], byte[]> consumer = consumer(1);
    consumer.schedulePollTask(() -> consumer.setPollException(new KafkaException("injected: the log is unreadable")));
    Vertx vertx = Vertx.vertx();
    Liveness liveness = Liveness.unhealthyOnly();
    try (TransactionalWriter writer = new TransactionalWriter(KafkaClientConfig.producer("127.0.0.1:1", "unused"),
        new EventCodec())) {
      Engine engine = new Engine(new Scheduler(SchedulerConfig.DEFAULT), writer, vertx.getOrCreateContext(),
          Clock.systemUTC(), new SimpleMeterRegistry(), Duration.ofSeconds(3));
      LogReader reader = reader(consumer, new EngineFeed(Runnable::run, engine, liveness));

      reader.start();

      assertThat(engine.recovery().toCompletionStage().toCompletableFuture())
          .failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(Exception.class)
          .withMessageContaining("Cannot read the Shears log: injected: the log is unreadable");
      assertThat(liveness.alive()).isFalse();
      assertThat(liveness.death()).hasValueSatisfying(d -> {
        assertThat(d.loop()).isEqualTo(EngineFeed.LOOP);
        assertThat(d.error()).contains("injected: the log is unreadable");
      });
      reader.close();
    } finally {
      vertx.close().await();
    }
  }

  private static MockConsumer<byte[], byte[]> consumer(long logEnd) {
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
      consumer.updateEndOffsets(Map.of(new TopicPartition(topic, 0), topic.equals("log") ? logEnd : 0L));
    }
    return consumer;
  }

  private static LogReader reader(MockConsumer<byte[], byte[]> consumer, LogReader.Handler handler) {
    return new LogReader(consumer, new DeadLetterRouter(new EventCodec(), new MockProducer<>(true, null,
        new ByteArraySerializer(), new ByteArraySerializer()), "orchestrator-test", Clock.systemUTC()), List.of("log"),
        "fleet", Duration.ofMinutes(1), Clock.systemUTC(), handler);
  }
}
