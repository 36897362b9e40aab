package dev.shears.trainer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.shears.events.Assignment;
import dev.shears.events.Envelope;
import dev.shears.events.EventCodec;
import dev.shears.events.InvalidEventException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class TrialWorkerTest {
  private final EventCodec codec = new EventCodec();
  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  // No runner: an attempt that gets past its stop signal fails on its empty spec before it would train.
  private final TrialWorker worker =
      new TrialWorker("w1", producer, codec, Clock.systemUTC(), null, new SimpleMeterRegistry(), null);

  @Test
  void aRevocationOfAnOlderAttemptStopsItEvenWithANewerOneQueuedBehindIt() {
    worker.queued(assignment(3));
    worker.queued(assignment(4));

    worker.revoke("t1", 3, "cancel");
    worker.run(assignment(3));
    worker.run(assignment(4));

    assertThat(startedAttempts()).containsExactly(4);
  }

  @Test
  void aRevocationUpToANewerAttemptStopsEveryQueuedAttemptUpToIt() {
    worker.queued(assignment(3));
    worker.queued(assignment(4));
    worker.queued(assignment(5));

    worker.revoke("t1", 4, "cancel");
    worker.run(assignment(3));
    worker.run(assignment(4));
    worker.run(assignment(5));

    assertThat(startedAttempts()).containsExactly(5);
  }

  @Test
  void aRevocationOfAnotherTrialStopsNothingHere() {
    worker.queued(assignment(1));

    worker.revoke("t2", 1, "cancel");
    worker.run(assignment(1));

    assertThat(startedAttempts()).containsExactly(1);
  }

  @Test
  void aQueuedAttemptIsListedUntilItStartsOrIsRevoked() {
    worker.queued(assignment(1));
    worker.queued(Envelope.of(new Assignment("w1", List.of(), JsonNodeFactory.instance.objectNode(), null), "e1",
        "t2", 1, 0, Instant.now()));

    assertThat(worker.queuedTrials()).containsExactly("t1", "t2");
    assertThat(worker.runningTrials()).isEmpty();
    worker.revoke("t2", 1, "lease");
    assertThat(worker.queuedTrials()).containsExactly("t1");
    worker.run(assignment(1));
    assertThat(startedAttempts()).containsExactly(1);
    assertThat(worker.queuedTrials()).isEmpty();
  }

  private static Envelope assignment(int attempt) {
    return Envelope.of(new Assignment("w1", List.of(), JsonNodeFactory.instance.objectNode(), null), "e1", "t1",
        attempt, 0, Instant.now());
  }

  private List<Integer> startedAttempts() {
    return producer.history().stream()
        .map(r -> decode(r.value()))
        .filter(e -> e.type().equals("TrialStarted"))
        .map(Envelope::attempt)
        .toList();
  }

  private Envelope decode(byte[] value) {
    try {
      return codec.decode(value);
    } catch (InvalidEventException e) {
      throw new AssertionError(e);
    }
  }
}
