package dev.shears.trainer.internal;

import dev.shears.events.DeadLetterRouter;
import dev.shears.events.Envelope;
import dev.shears.ops.Liveness;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.WakeupException;

/**
 * A trainer's assignment loop: polls {@code shears.assignments}, hands each decoded event on, commits, until the
 * worker stops. An unexpected failure is fatal ({@link Liveness#loopDied}): a worker that no longer reads its
 * assignments must not keep heartbeating, or it would be given trials it never starts. Restarting the process is
 * the cure: the orchestrator requeues the trials of a worker whose heartbeats stop, and the consumer group resumes
 * from the last committed offset. Runs on its own thread; closes the consumer when it ends.
 */
public final class AssignmentPoll implements Runnable {
  /** The loop's name in logs and on {@code /health}. */
  public static final String LOOP = "trainer assignment poll";
  private static final Duration POLL = Duration.ofMillis(200);

  private final Consumer<byte[], byte[]> consumer;
  private final DeadLetterRouter router;
  private final java.util.function.Consumer<Envelope> onEvent;
  private final BooleanSupplier stopping;
  private final Liveness liveness;

  /**
   * @param consumer subscribed to the assignments topic; owned and closed by this loop
   * @param stopping true once the worker is stopping (a wakeup then ends the loop quietly)
   */
  public AssignmentPoll(Consumer<byte[], byte[]> consumer, DeadLetterRouter router,
      java.util.function.Consumer<Envelope> onEvent, BooleanSupplier stopping, Liveness liveness) {
    this.consumer = consumer;
    this.router = router;
    this.onEvent = onEvent;
    this.stopping = stopping;
    this.liveness = liveness;
  }

  @Override
  public void run() {
    try {
      while (!stopping.getAsBoolean()) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
          router.accept(record).ifPresent(onEvent);
        }
        consumer.commitSync();
      }
    } catch (WakeupException e) {
      if (!stopping.getAsBoolean()) {
        liveness.loopDied(LOOP, e);
      }
    } catch (RuntimeException | Error e) {
      liveness.loopDied(LOOP, e);
    } finally {
      try {
        consumer.close(Duration.ofSeconds(5));
      } catch (RuntimeException e) {
        // Closing after a failure may fail too; the death is already recorded.
      }
    }
  }
}
