package dev.shears.dashboard.ingest;

import static dev.shears.dashboard.state.Events.created;
import static dev.shears.dashboard.state.Events.env;
import static dev.shears.dashboard.state.Events.loss;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.dashboard.state.DashboardState;
import dev.shears.dashboard.state.Events;
import dev.shears.events.Topics;
import dev.shears.events.TrialAssigned;
import dev.shears.events.TrialSucceeded;
import dev.shears.ops.Liveness;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The trial summaries' writer: its sends run on its own thread, so one that blocks (a missing topic) leaves the
 * dashboard's state free for the ingest; a summary the producer refuses is counted, logged and written again later.
 */
class HistoryWriterTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final DashboardState state = new DashboardState(Clock.fixed(Events.T0, ZoneOffset.UTC),
      Duration.ofSeconds(6), 256, 16);

  private void finishedTrial(String trialId) {
    state.apply(env(created(0), "e", trialId, 0, 0));
    state.apply(env(new TrialAssigned("w", List.of(0), null), "e", trialId, 1, 0));
    state.apply(env(loss(1, 2.0), "e", trialId, 1, 1));
    state.apply(env(new TrialSucceeded("file:/x", Map.of()), "e", trialId, 1, 2));
  }

  private HistoryWriter writer(MockProducer<byte[], byte[]> producer) {
    return new HistoryWriter(producer, state, () -> true, Clock.systemUTC(), registry, Liveness.unhealthyOnly());
  }

  private double count(String name) {
    return registry.get(name).counter().count();
  }

  @Test
  void aSendThatThrowsIsCountedAndTheSummaryIsWrittenOnALaterPass() {
    MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
        new ByteArraySerializer());
    finishedTrial("t");
    HistoryWriter writer = writer(producer);

    producer.sendException = new TimeoutException("Topic shears.trial-history not present in metadata after 5000 ms.");
    writer.pass();
    assertThat(count("shears.dashboard.history.failures")).isEqualTo(1);
    assertThat(state.pendingSummaries(200, 32, 50)).hasSize(1);

    producer.sendException = null;
    writer.pass();
    assertThat(producer.history()).singleElement().satisfies(r -> assertThat(r.topic()).isEqualTo(Topics.TRIAL_HISTORY));
    assertThat(count("shears.dashboard.history.summaries")).isEqualTo(1);
    writer.pass();
    assertThat(producer.history()).hasSize(1);
  }

  @Test
  void aSendTheBrokerFailsLaterIsCountedAndWrittenAgain() {
    MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(),
        new ByteArraySerializer());
    finishedTrial("t");
    HistoryWriter writer = writer(producer);

    writer.pass();
    assertThat(state.pendingSummaries(200, 32, 50)).as("in flight").isEmpty();
    producer.errorNext(new TimeoutException("expired before it was acknowledged"));

    assertThat(count("shears.dashboard.history.failures")).isEqualTo(1);
    assertThat(state.pendingSummaries(200, 32, 50)).hasSize(1);
  }

  @Test
  void aBlockedSendHoldsOnlyTheWritersThreadAndNotTheState() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<String> sender = new CompletableFuture<>();
    MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
        new ByteArraySerializer()) {
      @Override
      public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
        sender.complete(Thread.currentThread().getName());
        entered.countDown();
        try {
          // As KafkaProducer.send waits up to max.block.ms for the metadata of a topic that does not exist.
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return super.send(record, callback);
      }
    };
    finishedTrial("t");
    HistoryWriter writer = writer(producer);
    try {
      writer.start(Duration.ofMillis(10));
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(sender.get()).isEqualTo("shears-dashboard-history");

      // What the ingest does meanwhile: apply events, which needs the state's lock.
      CompletableFuture<Void> applied = CompletableFuture.runAsync(() -> finishedTrial("u"));
      applied.get(5, TimeUnit.SECONDS);
      assertThat(state.trialRow("u")).isPresent();
    } finally {
      release.countDown();
      writer.close();
    }
  }
}
