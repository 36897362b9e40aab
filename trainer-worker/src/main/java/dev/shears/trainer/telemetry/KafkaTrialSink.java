package dev.shears.trainer.telemetry;

import dev.shears.events.CheckpointWritten;
import dev.shears.events.Envelope;
import dev.shears.events.Event;
import dev.shears.events.EventCodec;
import dev.shears.events.TelemetryEvent;
import dev.shears.events.TrialCheckpointed;
import dev.shears.events.TrialEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Sends one attempt's events to Kafka, each in its envelope with the attempt's next {@code seq} (one counter across
 * shears.trials, shears.telemetry and shears.checkpoints, conventions). Sends are asynchronous: the producer batches
 * and lz4-compresses the telemetry stream, so a step pays for an encode and a buffer append. A failed send is kept
 * and rethrown at the next {@link #flush()}.
 */
public final class KafkaTrialSink implements TelemetrySink {
  private final Producer<byte[], byte[]> producer;
  private final EventCodec codec;
  private final Clock clock;
  private final String experimentId;
  private final String trialId;
  private final int attempt;
  private final AtomicLong seq = new AtomicLong();
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  /** A sink for attempt {@code attempt} of {@code trialId}; seq starts at 1. */
  public KafkaTrialSink(Producer<byte[], byte[]> producer, EventCodec codec, Clock clock, String experimentId,
      String trialId, int attempt) {
    this.producer = producer;
    this.codec = codec;
    this.clock = clock;
    this.experimentId = experimentId;
    this.trialId = trialId;
    this.attempt = attempt;
  }

  @Override
  public void trial(TrialEvent event) {
    send(event);
  }

  @Override
  public void telemetry(TelemetryEvent event) {
    send(event);
  }

  @Override
  public void checkpoint(CheckpointWritten event) {
    send(event);
  }

  @Override
  public BooleanSupplier checkpointed(TrialCheckpointed event) {
    Future<RecordMetadata> sent = send(event);
    return () -> {
      if (!sent.isDone()) {
        return false;
      }
      try {
        sent.get();
        return true;
      } catch (ExecutionException failed) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    };
  }

  /** The seq given to the last event sent. */
  public long lastSeq() {
    return seq.get();
  }

  /** Sends an event of this attempt (also TrialStarted, TrialSucceeded, TrialFailed). */
  public Future<RecordMetadata> send(Event event) {
    Envelope envelope = Envelope.of(event, experimentId, trialId, attempt, seq.incrementAndGet(), clock.instant());
    byte[] key = envelope.key() == null ? null : envelope.key().getBytes(StandardCharsets.UTF_8);
    return producer.send(new ProducerRecord<>(envelope.topic(), key, codec.encode(envelope)), (metadata, error) -> {
      if (error != null) {
        failure.compareAndSet(null, error);
      }
    });
  }

  @Override
  public void flush() {
    producer.flush();
    Exception e = failure.getAndSet(null);
    if (e != null) {
      throw new IllegalStateException("Sending events of trial " + trialId + " failed: " + e.getMessage(), e);
    }
  }
}
