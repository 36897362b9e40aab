package dev.shears.evaluator.worker;

import dev.shears.events.CheckpointKind;
import dev.shears.events.CheckpointWritten;
import dev.shears.events.DeadLetterRouter;
import dev.shears.events.Envelope;
import dev.shears.events.EvaluationCompleted;
import dev.shears.events.EvaluationEvent;
import dev.shears.events.EvaluationFailed;
import dev.shears.events.EventCodec;
import dev.shears.events.InvalidEventException;
import dev.shears.events.KafkaClientConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evaluator's consume–evaluate–produce loop, run on one dedicated thread.
 *
 * <p>Exactly one result per (trialId, sha256): at start-up the {@link EvaluationLedger} is rebuilt from
 * every result on the evaluations topic; each {@code CheckpointWritten{kind=EXPORT}} is claimed in the
 * ledger before it is evaluated; its result and the consumed offset are committed in one Kafka
 * transaction (the producer's transactional id derives from the worker id, and the consumer group's
 * metadata fences a zombie), so a worker stopped mid-evaluation leaves neither a result nor a committed
 * offset, and its successor evaluates the export again; a second delivery of the same export finds the key
 * done and is skipped. Bad input becomes {@code EvaluationFailed} with the reason; the loop goes on.
 * Invalid records go to the dead-letter topic.
 */
public final class EvaluatorWorker implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(EvaluatorWorker.class);

  private final EvaluatorConfig config;
  private final ExportEvaluation evaluation;
  private final CheckpointVerifier verifier;
  private final Clock clock;
  private final EvaluatorMetrics metrics;
  private final EventCodec codec = new EventCodec();
  private final EvaluationLedger ledger = new EvaluationLedger();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicReference<KafkaConsumer<byte[], byte[]>> consumerRef = new AtomicReference<>();
  private final AtomicReference<EvaluationKey> current = new AtomicReference<>();
  private final AtomicReference<Thread> thread = new AtomicReference<>();
  private final CompletableFuture<Void> readiness = new CompletableFuture<>();
  private volatile boolean ready;

  /**
   * A worker.
   *
   * @param config     settings
   * @param evaluation what evaluating an export means
   * @param verifier   checks exports before evaluation
   * @param clock      event timestamps
   */
  public EvaluatorWorker(EvaluatorConfig config, ExportEvaluation evaluation, CheckpointVerifier verifier, Clock clock) {
    this(config, evaluation, verifier, clock, new EvaluatorMetrics());
  }

  /** A worker that records its evaluations in {@code metrics} (bound to a registry by the caller). */
  public EvaluatorWorker(EvaluatorConfig config, ExportEvaluation evaluation, CheckpointVerifier verifier, Clock clock,
      EvaluatorMetrics metrics) {
    this.config = config;
    this.evaluation = evaluation;
    this.verifier = verifier;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** Whether the ledger is rebuilt and the worker consumes. */
  public boolean ready() {
    return ready;
  }

  /** Completes when the worker consumes, or fails with the reason it could not start. */
  public CompletionStage<Void> readiness() {
    return readiness;
  }

  /** The export being evaluated now, if any. */
  public Optional<EvaluationKey> current() {
    return Optional.ofNullable(current.get());
  }

  /** The current consumer's own metrics (its lag among them), or none between runs. */
  public Map<org.apache.kafka.common.MetricName, ? extends org.apache.kafka.common.Metric> consumerMetrics() {
    KafkaConsumer<byte[], byte[]> consumer = consumerRef.get();
    return consumer == null ? Map.of() : consumer.metrics();
  }

  /** The ledger (read-only use: inspection and metrics). */
  public EvaluationLedger ledger() {
    return ledger;
  }

  /**
   * Stops the loop; an evaluation in progress is interrupted and abandoned without a result or an
   * offset commit, so the export is evaluated again by whichever worker next owns its partition.
   */
  public void stop() {
    running.set(false);
    KafkaConsumer<byte[], byte[]> consumer = consumerRef.get();
    if (consumer != null) {
      consumer.wakeup();
    }
    Thread t = thread.get();
    if (t != null) {
      t.interrupt();
    }
  }

  @Override
  public void run() {
    Map<String, Object> producerProps = KafkaClientConfig.transactionalProducer(config.bootstrap(),
        "shears-evaluator-" + config.workerId(), "shears-evaluator-" + config.workerId());
    // One export can take minutes to evaluate; the group must not evict the worker meanwhile.
    Map<String, Object> consumerProps = KafkaClientConfig.slowConsumer(config.bootstrap(),
        "shears-evaluator-" + config.workerId(), config.groupId(), Duration.ofMinutes(30));
    consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps)) {
      consumerRef.set(consumer);
      producer.initTransactions();
      rebuildLedger();
      DeadLetterRouter router = new DeadLetterRouter(codec, producer, "evaluator", clock);
      consumer.subscribe(List.of(config.checkpointsTopic()));
      ready = true;
      readiness.complete(null);
      LOG.info("Evaluator {} ready: {} results known", config.workerId(), ledger.doneCount());
      thread.set(Thread.currentThread());
      try {
        while (running.get()) {
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
            if (!running.get()) {
              return;
            }
            handle(record, consumer, producer, router);
          }
        }
      } finally {
        thread.set(null);
        // Clear a stop()'s interrupt so that the clients below close cleanly.
        Thread.interrupted();
      }
    } catch (WakeupException | InterruptException e) {
      if (running.get()) {
        readiness.completeExceptionally(e);
        throw e;
      }
    } catch (RuntimeException e) {
      readiness.completeExceptionally(e);
      throw e;
    } finally {
      readiness.completeExceptionally(new IllegalStateException("Evaluator " + config.workerId() + " stopped"));
      consumerRef.set(null);
      ready = false;
      LOG.info("Evaluator {} stopped", config.workerId());
    }
  }

  private void handle(ConsumerRecord<byte[], byte[]> record, KafkaConsumer<byte[], byte[]> consumer,
      KafkaProducer<byte[], byte[]> producer, DeadLetterRouter router) {
    Envelope source;
    try {
      source = codec.decode(record.value());
    } catch (InvalidEventException e) {
      source = null;
    }
    EvaluationEvent result = null;
    EvaluationKey key = null;
    if (source != null && source.payload() instanceof CheckpointWritten cw
        && cw.kind() == CheckpointKind.EXPORT && source.trialId() != null) {
      key = new EvaluationKey(source.trialId(), cw.sha256());
      if (ledger.tryClaim(key)) {
        current.set(key);
        metrics.started();
        long start = System.nanoTime();
        try {
          result = evaluate(source, cw);
        } finally {
          current.set(null);
          metrics.finished(!running.get() ? "abandoned" : result instanceof EvaluationCompleted ? "completed"
              : "failed", Duration.ofNanos(System.nanoTime() - start));
        }
        if (!running.get()) {
          ledger.release(key);
          return;
        }
      } else {
        metrics.skipped();
        LOG.info("Export {} of trial {} already evaluated; skipping the redelivery", cw.sha256(), source.trialId());
      }
    }
    // The evaluation ran outside any transaction (it may outlast transaction.timeout.ms); the result,
    // a dead letter if the record was invalid, and the consumed offset commit together.
    producer.beginTransaction();
    try {
      if (source == null) {
        router.accept(record);
      }
      if (result != null) {
        Envelope out = Envelope.of(result, source.experimentId(), source.trialId(), source.attempt(), source.seq(),
            clock.instant());
        producer.send(new ProducerRecord<>(config.evaluationsTopic(),
            source.trialId().getBytes(StandardCharsets.UTF_8), codec.encode(out)));
      }
      producer.sendOffsetsToTransaction(
          Map.of(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1)),
          consumer.groupMetadata());
      producer.commitTransaction();
    } catch (RuntimeException e) {
      if (result != null) {
        ledger.release(key);
      }
      throw e;
    }
    if (result != null) {
      ledger.markDone(key);
      LOG.info("Evaluated export {} of trial {}: {}", key.sha256(), key.trialId(), result.type());
    }
  }

  private EvaluationEvent evaluate(Envelope source, CheckpointWritten cw) {
    try {
      Path dir = verifier.verify(CheckpointVerifier.pathOf(cw.uri()), cw.sha256());
      EvaluationCompleted completed = evaluation.evaluate(source, cw, dir);
      if (!completed.sha256().equals(cw.sha256())) {
        throw new IllegalStateException("Evaluation returned sha256 " + completed.sha256() + " for " + cw.sha256());
      }
      return completed;
    } catch (EvaluationException e) {
      LOG.warn("Export {} cannot be evaluated: {}", cw.uri(), e.getMessage());
      return new EvaluationFailed(cw.sha256(), cw.uri(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("Evaluating export {} failed", cw.uri(), e);
      return new EvaluationFailed(cw.sha256(), cw.uri(), "Evaluation failed: " + e);
    }
  }

  /** Reads every result on the evaluations topic into the ledger. */
  private void rebuildLedger() {
    Map<String, Object> props = KafkaClientConfig.consumer(config.bootstrap(),
        "shears-evaluator-ledger-" + config.workerId(), null);
    try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions = reader.partitionsFor(config.evaluationsTopic(), config.startupTimeout()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      if (partitions.isEmpty()) {
        throw new IllegalStateException("Topic " + config.evaluationsTopic() + " does not exist at " + config.bootstrap());
      }
      reader.assign(partitions);
      reader.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = reader.endOffsets(partitions, config.startupTimeout());
      long deadline = System.nanoTime() + config.startupTimeout().toNanos();
      while (end.entrySet().stream().anyMatch(e -> reader.position(e.getKey()) < e.getValue())) {
        if (System.nanoTime() > deadline || !running.get()) {
          throw new IllegalStateException("Rebuilding the evaluation ledger from " + config.evaluationsTopic()
              + " took longer than " + config.startupTimeout());
        }
        for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(200))) {
          try {
            Envelope e = codec.decode(r.value());
            if (e.trialId() != null && e.payload() instanceof EvaluationCompleted c) {
              ledger.markDone(new EvaluationKey(e.trialId(), c.sha256()));
            } else if (e.trialId() != null && e.payload() instanceof EvaluationFailed f) {
              ledger.markDone(new EvaluationKey(e.trialId(), f.sha256()));
            }
          } catch (InvalidEventException ignored) {
            // Not ours to judge here: the dashboard and report skip it too.
          }
        }
      }
    }
  }
}
