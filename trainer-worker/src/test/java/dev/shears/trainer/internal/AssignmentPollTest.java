package dev.shears.trainer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.events.DeadLetterRouter;
import dev.shears.events.EventCodec;
import dev.shears.events.Topics;
import dev.shears.ops.Liveness;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class AssignmentPollTest {
  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
  private final List<Liveness.Death> deaths = new ArrayList<>();
  private final Liveness liveness = new Liveness(deaths::add);
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final AssignmentPoll poll = new AssignmentPoll(consumer,
      new DeadLetterRouter(new EventCodec(), new MockProducer<>(true, null, new ByteArraySerializer(),
          new ByteArraySerializer()), "trainer-test", Clock.systemUTC()),
      e -> { }, stopping::get, liveness);

  AssignmentPollTest() {
    TopicPartition partition = new TopicPartition(Topics.ASSIGNMENTS, 0);
    consumer.assign(List.of(partition));
    consumer.updateBeginningOffsets(Map.of(partition, 0L));
  }

  @Test
  void aFailingPollKillsTheLoopAndTheWorkerIsDown() {
    consumer.setPollException(new KafkaException("injected: the assignments cannot be read"));

    poll.run();

    assertThat(liveness.alive()).isFalse();
    assertThat(deaths).singleElement().satisfies(d -> {
      assertThat(d.loop()).isEqualTo(AssignmentPoll.LOOP);
      assertThat(d.error()).contains("injected: the assignments cannot be read");
    });
    assertThat(consumer.closed()).isTrue();
  }

  @Test
  void aWakeupWhileStoppingEndsTheLoopQuietly() {
    consumer.schedulePollTask(() -> {
      stopping.set(true);
      consumer.wakeup();
    });

    poll.run();

    assertThat(liveness.alive()).isTrue();
    assertThat(deaths).isEmpty();
    assertThat(consumer.closed()).isTrue();
  }

  @Test
  void anUnexpectedWakeupIsADeathToo() {
    consumer.schedulePollTask(consumer::wakeup);

    poll.run();

    assertThat(deaths).extracting(Liveness.Death::loop).containsExactly(AssignmentPoll.LOOP);
  }
}
