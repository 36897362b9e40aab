package dev.shears.dashboard.ingest;

import dev.shears.dashboard.state.DashboardState;
import dev.shears.events.Envelope;
import dev.shears.events.EventCodec;
import dev.shears.events.Topics;
import dev.shears.ops.Liveness;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the summary of every finished trial whose summary is missing or out of date to {@code shears.trial-history},
 * on a thread of its own: a send can block for the producer's {@code max.block.ms} (the topic is missing, the broker
 * is away), which must not stall the ingest that applies events. A summary that cannot be written is logged, counted
 * ({@code shears.dashboard.history.failures}) and tried again on a later pass.
 */
final class HistoryWriter implements AutoCloseable {
  /** This loop's name in logs and on {@code /health}. */
  static final String LOOP = "dashboard history writer";
  /** Rows of each scalar curve in a written summary. */
  static final int SUMMARY_POINTS = 200;
  /** Rows of each gate table (heads, FFN) in a written summary. */
  static final int SUMMARY_MASK_POINTS = 32;
  /** Summaries built per pass, so the state's lock is never held long. */
  private static final int SUMMARIES_PER_PASS = 50;
  private static final Logger LOG = LoggerFactory.getLogger(HistoryWriter.class);

  private final Producer<byte[], byte[]> producer;
  private final DashboardState state;
  private final BooleanSupplier ready;
  private final Clock clock;
  private final Liveness liveness;
  private final EventCodec codec = new EventCodec();
  private final Counter written;
  private final Counter failures;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "shears-dashboard-history");
    t.setDaemon(true);
    return t;
  });

  /**
   * @param producer shared with its owner, who closes it after {@link #close()}
   * @param ready whether the state is complete enough to summarise (the ingest has caught up)
   * @param liveness told if this loop dies of an {@link Error}
   */
  HistoryWriter(Producer<byte[], byte[]> producer, DashboardState state, BooleanSupplier ready, Clock clock,
      MeterRegistry registry, Liveness liveness) {
    this.producer = producer;
    this.state = state;
    this.ready = ready;
    this.clock = clock;
    this.liveness = liveness;
    this.written = Counter.builder("shears.dashboard.history.summaries")
        .description("Trial summaries written to the history topic").register(registry);
    this.failures = Counter.builder("shears.dashboard.history.failures")
        .description("Trial summaries the history topic did not take (tried again later)").register(registry);
  }

  /** Writes what is pending every {@code interval}, the next pass starting only once the last one ended. */
  void start(Duration interval) {
    thread.scheduleWithFixedDelay(this::pass, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One pass: every pending summary handed to the producer (or counted as failed). */
  void pass() {
    try {
      if (ready.getAsBoolean()) {
        state.pendingSummaries(SUMMARY_POINTS, SUMMARY_MASK_POINTS, SUMMARIES_PER_PASS).forEach(this::write);
      }
    } catch (RuntimeException e) {
      // A scheduled task that throws is never run again: log, count and go on with the next pass.
      failures.increment();
      LOG.warn("Trial summaries not written this pass, will retry", e);
    } catch (Error e) {
      liveness.loopDied(LOOP, e);
      throw e;
    }
  }

  private void write(DashboardState.PendingSummary p) {
    Envelope e = Envelope.of(p.summary(), p.experimentId(), p.trialId(), p.attempt(), 0, clock.instant());
    byte[] value;
    try {
      value = codec.encode(e);
    } catch (IllegalArgumentException tooLarge) {
      // Trying again would fail the same way.
      failures.increment();
      LOG.warn("Summary of trial {} not written: {}", p.trialId(), tooLarge.getMessage());
      state.summaryWritten(p, true);
      return;
    }
    // Marked first so the next pass does not write it again while this send is in flight; a failure unmarks it.
    state.summaryWritten(p, true);
    try {
      producer.send(new ProducerRecord<>(Topics.TRIAL_HISTORY, p.trialId().getBytes(StandardCharsets.UTF_8), value),
          (metadata, error) -> {
            if (error == null) {
              written.increment();
            } else {
              failed(p, error);
            }
          });
    } catch (RuntimeException error) {
      // Thrown by send itself: no metadata for the topic within max.block.ms, a closed producer.
      failed(p, error);
    }
  }

  private void failed(DashboardState.PendingSummary p, Throwable error) {
    failures.increment();
    LOG.warn("Summary of trial {} not written to {}, will retry: {}", p.trialId(), Topics.TRIAL_HISTORY,
        error.toString());
    state.summaryWritten(p, false);
  }

  /** Stops the thread, waiting briefly for a pass in progress (its sends may still complete later). */
  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
