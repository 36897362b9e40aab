package dev.shears.trainer.internal;

import dev.shears.events.Assignment;
import dev.shears.events.Envelope;
import dev.shears.events.EventCodec;
import dev.shears.events.FailureKind;
import dev.shears.events.TrialFailed;
import dev.shears.events.TrialStarted;
import dev.shears.events.TrialSucceeded;
import dev.shears.trainer.StopSignal;
import dev.shears.trainer.TrialOutcome;
import dev.shears.trainer.TrialRunner;
import dev.shears.trainer.spec.TrialSpec;
import dev.shears.trainer.spec.TrialSpecException;
import dev.shears.trainer.telemetry.KafkaTrialSink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs assignments one at a time on the calling (training) thread and reports the attempt's life on Kafka:
 * TrialStarted, the runner's stage events and telemetry, then TrialSucceeded or TrialFailed. Revocations may arrive
 * from any thread; they stop a running attempt at its next step boundary or drop a queued one.
 */
public final class TrialWorker {
  private static final Logger LOG = LoggerFactory.getLogger(TrialWorker.class);

  private final String workerId;
  private final Producer<byte[], byte[]> producer;
  private final EventCodec codec;
  private final Clock clock;
  private final TrialRunner runner;
  private final MeterRegistry registry;
  private final DeviceInventory devices;
  /**
   * The stop signals of queued and running attempts. Keyed by attempt, not trial: a newer attempt queued behind
   * an older one of the same trial must not take over the older one's signal, or a revocation meant for one
   * stops the other.
   */
  private final Map<AttemptKey, StopSignal> pending = new ConcurrentHashMap<>();
  private volatile AttemptKey running;

  private record AttemptKey(String trialId, int attempt) {}

  /** A worker reporting as {@code workerId}. */
  public TrialWorker(String workerId, Producer<byte[], byte[]> producer, EventCodec codec, Clock clock,
      TrialRunner runner, MeterRegistry registry, DeviceInventory devices) {
    this.devices = devices;
    this.workerId = workerId;
    this.producer = producer;
    this.codec = codec;
    this.clock = clock;
    this.runner = runner;
    this.registry = registry;
  }

  /** Notes a queued assignment so a revocation can drop it before it starts. */
  public void queued(Envelope assignment) {
    pending.putIfAbsent(new AttemptKey(assignment.trialId(), assignment.attempt()), new StopSignal());
  }

  /** Honours a revocation of {@code trialId} up to {@code attempt}: stops those attempts at their next step or drops them. */
  public void revoke(String trialId, int attempt, String reason) {
    pending.forEach((key, stop) -> {
      if (key.trialId().equals(trialId) && key.attempt() <= attempt) {
        stop.request(reason);
      }
    });
  }

  /** Trials running now (0 or 1). */
  public List<String> runningTrials() {
    AttemptKey r = running;
    return r == null ? List.of() : List.of(r.trialId());
  }

  /**
   * Trials with an attempt taken and waiting for the training thread, not revoked: the heartbeat lists them so that
   * an attempt that waits (behind another, or for a slow first start) is not taken for lost.
   */
  public List<String> queuedTrials() {
    AttemptKey r = running;
    return pending.entrySet().stream()
        .filter(e -> !e.getKey().equals(r) && !e.getValue().requested())
        .map(e -> e.getKey().trialId())
        .distinct()
        .sorted()
        .toList();
  }

  /** Stops whatever runs (worker shutdown): it checkpoints at its next step boundary. */
  public void stopAll(String reason) {
    pending.values().forEach(stop -> stop.request(reason));
  }

  /** Runs one assignment to its end; blocking. Never throws for a failed trial. */
  public void run(Envelope envelope) {
    Assignment assignment = (Assignment) envelope.payload();
    String trialId = envelope.trialId();
    AttemptKey key = new AttemptKey(trialId, envelope.attempt());
    StopSignal stop = pending.computeIfAbsent(key, k -> new StopSignal());
    KafkaTrialSink sink = new KafkaTrialSink(producer, codec, clock, envelope.experimentId(), trialId,
        envelope.attempt());
    try {
      if (stop.requested()) {
        LOG.info("Attempt {} of {} was revoked ({}) before it started", envelope.attempt(), trialId,
            stop.reason());
        return;
      }
      running = key;
      sink.send(new TrialStarted(workerId));
      TrialOutcome outcome;
      try {
        TrialSpec spec = TrialSpec.parse(assignment.spec());
        outcome = runner.run(spec, assignment.resumeCheckpoint(), sink, stop,
            devices.device(assignment.gpuIndices()));
      } catch (TrialSpecException e) {
        outcome = new TrialOutcome.Failed(e.getMessage(), null, assignment.resumeCheckpoint(),
            FailureKind.CONFIGURATION);
      } catch (RuntimeException e) {
        LOG.error("Trial {} attempt {} failed", trialId, envelope.attempt(), e);
        outcome = new TrialOutcome.Failed("The trainer hit an internal error: " + e, null,
            assignment.resumeCheckpoint());
      }
      report(sink, outcome);
      Counter.builder("shears.trainer.trials").description("Trial attempts finished by this worker")
          .tag("outcome", outcome.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT))
          .register(registry).increment();
    } finally {
      running = null;
      pending.remove(key, stop);
      try {
        sink.flush();
      } catch (IllegalStateException e) {
        LOG.error("Events of trial {} may be lost", trialId, e);
      }
    }
  }

  private static void report(KafkaTrialSink sink, TrialOutcome outcome) {
    if (outcome instanceof TrialOutcome.Succeeded s) {
      sink.send(new TrialSucceeded(s.exportUri(), s.summary()));
    } else if (outcome instanceof TrialOutcome.Failed f) {
      sink.send(new TrialFailed(f.reason(), f.step(), f.lastCheckpoint(), f.kind()));
    } else if (outcome instanceof TrialOutcome.EarlyStopped s) {
      LOG.info("Trial stopped early at step {}; exported {} (state in {})", s.step(), s.exportUri(), s.checkpoint());
    } else if (outcome instanceof TrialOutcome.Stopped s) {
      LOG.info("Trial stopped ({}) at step {}; resume from {}", s.reason(), s.step(), s.checkpoint());
    }
  }
}
