package dev.shears.orchestrator.internal;

import dev.shears.events.Envelope;
import dev.shears.events.EventCodec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches of events atomically with a transactional producer: the orchestrator's state transitions
 * (a TrialAssigned on shears.trials and its Assignment on shears.assignments, a submission's events) are all
 * visible to read_committed consumers or none is. The producer lives on its own thread, so the event loop never
 * blocks; batches commit in the order they were written.
 */
public final class TransactionalWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TransactionalWriter.class);

  private final Producer<byte[], byte[]> producer;
  private final EventCodec codec;
  private final ExecutorService thread;
  private volatile boolean fatal;

  public TransactionalWriter(Map<String, Object> props, EventCodec codec) {
    this.producer = new KafkaProducer<>(props);
    this.codec = codec;
    this.thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "shears-orchestrator-writer"));
  }

  /** Registers the transactional id, fencing an older orchestrator that used it. */
  public Future<Void> init(Context context) {
    return run(context, () -> producer.initTransactions());
  }

  /** Writes the events in one transaction. Fails (and writes nothing) when the transaction aborts. */
  public Future<Void> write(List<Envelope> events, Context context) {
    if (events.isEmpty()) {
      return Future.succeededFuture();
    }
    return run(context, () -> {
      if (fatal) {
        throw new IllegalStateException("the transactional producer was fenced or failed; restart the orchestrator");
      }
      producer.beginTransaction();
      try {
        for (Envelope e : events) {
          byte[] key = e.key() == null ? null : e.key().getBytes(StandardCharsets.UTF_8);
          producer.send(new ProducerRecord<>(e.topic(), key, codec.encode(e)));
        }
        producer.commitTransaction();
      } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
        fatal = true;
        throw e;
      } catch (KafkaException | IllegalArgumentException e) {
        try {
          producer.abortTransaction();
        } catch (KafkaException abortFailed) {
          fatal = true;
          e.addSuppressed(abortFailed);
        }
        throw e;
      }
    });
  }

  /** Whether the producer can no longer write (fenced by a newer orchestrator, or a fatal error). */
  public boolean failed() {
    return fatal;
  }

  private Future<Void> run(Context context, Runnable job) {
    return Future.fromCompletionStage(CompletableFuture.runAsync(job, thread), context);
  }

  @Override
  public void close() {
    thread.execute(() -> producer.close(Duration.ofSeconds(5)));
    thread.shutdown();
    try {
      if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("The orchestrator's writer did not stop within 10 s");
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
