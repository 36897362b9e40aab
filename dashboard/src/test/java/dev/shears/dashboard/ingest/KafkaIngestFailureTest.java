package dev.shears.dashboard.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.dashboard.state.DashboardState;
import dev.shears.dashboard.stream.StreamHub;
import dev.shears.events.Topics;
import dev.shears.events.WorkerHeartbeat;
import dev.shears.ops.Liveness;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The ingest loop, failed on purpose: the dashboard must turn down, not go on with a frozen picture. */
class KafkaIngestFailureTest {

  @Test
  void aFailingPollKillsTheIngestAndTheDashboardIsDown() throws Exception {
    MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    TopicPartition partition = new TopicPartition(Topics.TRIALS, 0);
    Node node = new Node(0, "localhost", 9092);
    consumer.updatePartitions(Topics.TRIALS,
        List.of(new PartitionInfo(Topics.TRIALS, 0, node, new Node[] {node}, new Node[] {node})));
    consumer.updateBeginningOffsets(Map.of(partition, 0L));
    consumer.updateEndOffsets(Map.of(partition, 0L));
    consumer.setPollException(new KafkaException("injected: the trials topic cannot be read"));
    MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
        new ByteArraySerializer());
    List<Liveness.Death> deaths = new ArrayList<>();
    Liveness liveness = new Liveness(deaths::add);
    DashboardState state = new DashboardState(Clock.systemUTC(), Duration.ofSeconds(30), 100, 10);
    KafkaIngest ingest = new KafkaIngest(consumer, producer, state, new StreamHub(state), Clock.systemUTC(),
        new SimpleMeterRegistry(), new WorkerHeartbeat("dashboard-test", "dashboard", "localhost", List.of(),
            List.of(), 0, "http://127.0.0.1:1"), Duration.ofSeconds(1), liveness, true);

    ingest.start();
    ingest.stopped().get(10, TimeUnit.SECONDS);

    assertThat(liveness.alive()).isFalse();
    assertThat(deaths).singleElement().satisfies(d -> {
      assertThat(d.loop()).isEqualTo(KafkaIngest.LOOP);
      assertThat(d.error()).contains("injected: the trials topic cannot be read");
    });
    assertThat(consumer.closed()).isTrue();
    assertThat(producer.closed()).isTrue();
  }
}
