package dev.shears.orchestrator.internal;

import dev.shears.events.Envelope;
import dev.shears.events.EvaluationCompleted;
import dev.shears.events.Event;
import dev.shears.events.ExperimentAnnotated;
import dev.shears.events.ExperimentCancelled;
import dev.shears.events.ExperimentPaused;
import dev.shears.events.ExperimentResumed;
import dev.shears.events.Topics;
import dev.shears.events.WorkerHeartbeat;
import dev.shears.orchestrator.scheduler.Decision;
import dev.shears.orchestrator.scheduler.ExperimentState;
import dev.shears.orchestrator.scheduler.ExperimentView;
import dev.shears.orchestrator.scheduler.Scheduler;
import dev.shears.spec.ExperimentPlan;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the scheduler on the orchestrator's event loop: feeds it the log and heartbeats, runs its decisions
 * through the transactional writer, and serves submissions and cancel/pause/resume. Confined to one Vert.x
 * context; every method must be called on it.
 */
public final class Engine {
  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
  /** Events per transaction; a large sweep or a big fleet's first tick is split so each commit stays short. */
  private static final int MAX_EVENTS_PER_TRANSACTION = 4000;

  private final Scheduler scheduler;
  private final TransactionalWriter writer;
  private final Context context;
  private final Clock clock;
  private final Map<String, Envelope> evaluations = new HashMap<>();
  private final Map<String, ExperimentAnnotated> annotations = new HashMap<>();
  private final Set<String> appliedLocally = new HashSet<>();
  private final Map<String, Future<String>> submitting = new HashMap<>();
  private final Promise<Duration> recovery = Promise.promise();
  private final Instant startedAt;
  private final AtomicReference<Scheduler.Stats> stats = new AtomicReference<>(new Scheduler.Stats(0, 0, 0, 0, 0, 0));
  private final Map<String, Counter> decisionCounters = new HashMap<>();
  private final Counter committed;
  private final Counter aborted;
  private final Timer tickTimer;
  private final Timer commitTimer;
  private final Duration deafAfter;
  private boolean recovered;
  private boolean tickRequested;
  /** When a heartbeat (of any worker, or this orchestrator's own) last arrived; null before recovery. */
  private Instant fleetHeardAt;
  private boolean deaf;

  /**
   * @param deafAfter how long without any heartbeat, this orchestrator's own included, means that the fleet cannot
   *     be heard (the broker is unreachable) rather than that workers died: scheduling pauses, and the silence is
   *     not counted against leases. Must stay well below the lease so that no lease expires first.
   */
  public Engine(Scheduler scheduler, TransactionalWriter writer, Context context, Clock clock,
      MeterRegistry registry, Duration deafAfter) {
    this.scheduler = scheduler;
    this.deafAfter = deafAfter;
    this.writer = writer;
    this.context = context;
    this.clock = clock;
    this.startedAt = clock.instant();
    for (Class<?> type : Decision.class.getPermittedSubclasses()) {
      String kind = type.getSimpleName().toLowerCase(java.util.Locale.ROOT);
      decisionCounters.put(kind, Counter.builder("shears.orchestrator.decisions").tag("kind", kind)
          .description("Scheduler decisions written").register(registry));
    }
    committed = Counter.builder("shears.orchestrator.transactions").tag("outcome", "committed").register(registry);
    aborted = Counter.builder("shears.orchestrator.transactions").tag("outcome", "aborted").register(registry);
    commitTimer = Timer.builder("shears.orchestrator.transaction")
        .description("Time from handing a batch of events to the producer until its transaction committed")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
    tickTimer = Timer.builder("shears.orchestrator.tick").description("Time to decide one scheduling round")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(10_000))
        .maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
    Gauge.builder("shears.orchestrator.trials", stats, s -> s.get().waiting()).tag("state", "waiting")
        .register(registry);
    Gauge.builder("shears.orchestrator.trials", stats, s -> s.get().placed()).tag("state", "placed")
        .register(registry);
    Gauge.builder("shears.orchestrator.fleet.workers", stats, s -> s.get().workers()).register(registry);
    Gauge.builder("shears.orchestrator.fleet.gpu.memory.allocated.ratio", stats,
        s -> s.get().memoryTotalMb() == 0 ? 0 : (double) s.get().memoryAllocatedMb() / s.get().memoryTotalMb())
        .description("Share of live trainers' GPU memory held by trials").register(registry);
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  /** Completes with the recovery time once the log has been replayed to the offsets it had at start. */
  public Future<Duration> recovery() {
    return recovery.future();
  }

  public boolean recovered() {
    return recovered;
  }

  /** The latest evaluation of a trial, if any. */
  public Optional<Envelope> evaluation(String trialId) {
    return Optional.ofNullable(evaluations.get(trialId));
  }

  /** The tags and note users last gave an experiment, if any. */
  public Optional<ExperimentAnnotated> annotation(String experimentId) {
    return Optional.ofNullable(annotations.get(experimentId));
  }

  /** The log reader stopped: before recovery this fails the deployment, after it the service is unhealthy. */
  public void readerFailed(Throwable error) {
    recovery.tryFail(new IllegalStateException("Cannot read the Shears log: " + error.getMessage(), error));
  }

  /** A batch from the log reader. */
  public void onBatch(List<Envelope> batch, boolean caughtUp) {
    Instant now = clock.instant();
    if (recovered && batch.stream().anyMatch(e -> e.payload() instanceof WorkerHeartbeat)) {
      heard(now);
    }
    for (Envelope e : batch) {
      if (appliedLocally.remove(e.id())) {
        continue;
      }
      Event payload = e.payload();
      if (payload instanceof WorkerHeartbeat hb) {
        // Replayed heartbeats count from when they were written; live ones from when they arrive.
        scheduler.heartbeat(hb, recovered ? now : (e.ts().isBefore(now) ? e.ts() : now));
      } else if (payload instanceof EvaluationCompleted) {
        evaluations.put(e.trialId(), e);
      } else if (payload instanceof ExperimentAnnotated a) {
        annotations.put(e.experimentId(), a);
      } else if (e.topic().equals(Topics.EXPERIMENTS) || e.topic().equals(Topics.TRIALS)
          || e.topic().equals(Topics.CHECKPOINTS)) {
        scheduler.apply(e);
      }
    }
    if (!recovered && caughtUp) {
      recovered = true;
      scheduler.recovered(now);
      fleetHeardAt = now;
      Duration took = Duration.between(startedAt, clock.instant());
      LOG.info("Recovered {} experiments from the log in {} ms", scheduler.experiments().size(), took.toMillis());
      recovery.tryComplete(took);
    }
    if (recovered) {
      requestTick();
    }
  }

  /** Schedules one scheduling round on the context, coalescing requests. */
  public void requestTick() {
    if (tickRequested || !recovered) {
      return;
    }
    tickRequested = true;
    context.runOnContext(v -> {
      tickRequested = false;
      tick();
    });
  }

  /** Heartbeats arrived: a silence longer than {@link #deafAfter} before them was the broker's, not the fleet's. */
  private void heard(Instant now) {
    Duration silence = Duration.between(fleetHeardAt, now);
    if (silence.compareTo(deafAfter) > 0) {
      scheduler.fleetUnheard(silence);
      LOG.warn("Heard the fleet again after {} ms of silence (Kafka unreachable?); leases were paused meanwhile",
          silence.toMillis());
    }
    fleetHeardAt = now;
    deaf = false;
  }

  private void tick() {
    Instant now = clock.instant();
    if (fleetHeardAt != null && Duration.between(fleetHeardAt, now).compareTo(deafAfter) > 0) {
      // Not even this orchestrator's own heartbeat came back: no lease can be judged and nothing can be written.
      if (!deaf) {
        deaf = true;
        LOG.warn("No heartbeat read for {} ms, not even this orchestrator's own; scheduling paused until the fleet"
            + " is heard again", Duration.between(fleetHeardAt, now).toMillis());
      }
      return;
    }
    long start = System.nanoTime();
    List<Decision> decisions = scheduler.tick(now);
    tickTimer.record(Duration.ofNanos(System.nanoTime() - start));
    stats.set(scheduler.stats());
    if (!decisions.isEmpty()) {
      execute(decisions, List.of());
    }
  }

  /**
   * Writes the events of {@code decisions}, after {@code leading} (experiment events applied here on success), in
   * transactions of bounded size. Decisions whose transaction aborts are abandoned, to be decided again.
   */
  private Future<Void> execute(List<Decision> decisions, List<Envelope> leading) {
    Instant now = clock.instant();
    List<Envelope> chunk = new ArrayList<>(leading);
    List<Decision> chunkDecisions = new ArrayList<>();
    List<Future<Void>> writes = new ArrayList<>();
    for (Decision d : decisions) {
      List<Envelope> events = EventFactory.of(d, now);
      if (chunk.size() + events.size() > MAX_EVENTS_PER_TRANSACTION && !chunk.isEmpty()) {
        writes.add(write(chunk, chunkDecisions, writes.isEmpty() ? leading : List.of()));
        chunk = new ArrayList<>();
        chunkDecisions = new ArrayList<>();
      }
      chunk.addAll(events);
      chunkDecisions.add(d);
    }
    if (!chunk.isEmpty()) {
      writes.add(write(chunk, chunkDecisions, writes.isEmpty() ? leading : List.of()));
    }
    return Future.all(writes).mapEmpty();
  }

  private Future<Void> write(List<Envelope> events, List<Decision> decisions, List<Envelope> applyHere) {
    applyHere.forEach(e -> appliedLocally.add(e.id()));
    long start = System.nanoTime();
    return writer.write(events, context)
        .onSuccess(v -> {
          commitTimer.record(Duration.ofNanos(System.nanoTime() - start));
          committed.increment();
          applyHere.forEach(scheduler::apply);
          for (Decision d : decisions) {
            decisionCounters.get(kind(d)).increment();
          }
        })
        .onFailure(error -> {
          aborted.increment();
          applyHere.forEach(e -> appliedLocally.remove(e.id()));
          scheduler.abandon(decisions);
          LOG.error("A transaction of {} events aborted; its {} decisions will be made again", events.size(),
              decisions.size(), error);
        });
  }

  /** The metric tag of a decision: its record's name in lower case (assign, requeue, fail, cancel, stop, revoke). */
  private static String kind(Decision d) {
    return d.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
  }

  /** The outcome of a submission. */
  public record Submitted(String experimentId, boolean created) {}

  /**
   * A submission's events, built off the event loop: the experiment id, the plan and its ExperimentSubmitted and
   * TrialCreated envelopes.
   */
  public record Prepared(String experimentId, ExperimentPlan plan, List<Envelope> events) {}

  /** Builds a submission's events; pure and thread-safe, so callers run it on a worker thread. */
  public static Prepared prepare(ExperimentPlan plan, String submittedBy, Instant now) {
    String experimentId = "exp-" + UUID.randomUUID().toString().substring(0, 8);
    return new Prepared(experimentId, plan, EventFactory.submission(experimentId, plan, submittedBy, now));
  }

  /** Writes a validated experiment and its trials; a known idempotency key returns the existing experiment. */
  public Future<Submitted> submit(ExperimentPlan plan, String submittedBy) {
    return submit(prepare(plan, submittedBy, clock.instant()));
  }

  /** As {@link #submit(ExperimentPlan, String)}, with the events already built. */
  public Future<Submitted> submit(Prepared prepared) {
    ExperimentPlan plan = prepared.plan();
    if (!recovered) {
      return Future.failedFuture(new ApiException(503, "$", "the orchestrator is recovering its state; retry"));
    }
    String key = plan.idempotencyKey();
    if (key != null) {
      Optional<String> existing = scheduler.experimentForKey(key);
      if (existing.isPresent()) {
        boolean same = scheduler.experiment(existing.get()).map(x -> plan.spec().equals(x.spec())).orElse(true);
        if (!same) {
          return Future.failedFuture(new ApiException(409, "idempotencyKey", "'" + key + "' was already used by "
              + existing.get() + " with a different spec; use a new key to submit a changed spec"));
        }
        return Future.succeededFuture(new Submitted(existing.get(), false));
      }
      Future<String> inFlight = submitting.get(key);
      if (inFlight != null) {
        return inFlight.map(id -> new Submitted(id, false));
      }
    }
    String experimentId = prepared.experimentId();
    Instant now = clock.instant();
    List<Envelope> events = new ArrayList<>(prepared.events());
    // The submission is applied ahead of its write so that its first scheduling round goes into the same
    // transaction: one commit from submit to assignment. An aborted write forgets both.
    events.forEach(e -> appliedLocally.add(e.id()));
    events.forEach(scheduler::apply);
    List<Decision> decisions = scheduler.tick(now);
    int submitted = events.size();
    for (Decision d : decisions) {
      events.addAll(EventFactory.of(d, now));
    }
    long start = System.nanoTime();
    Future<String> written = writer.write(events, context)
        .onSuccess(v -> {
          commitTimer.record(Duration.ofNanos(System.nanoTime() - start));
          committed.increment();
          for (Decision d : decisions) {
            decisionCounters.get(kind(d)).increment();
          }
        })
        .onFailure(error -> {
          aborted.increment();
          events.subList(0, submitted).forEach(e -> appliedLocally.remove(e.id()));
          scheduler.abandon(decisions);
          scheduler.forget(experimentId);
          LOG.error("The submission of {} aborted; nothing of it was written", experimentId, error);
        })
        .map(v -> experimentId);
    if (key != null) {
      submitting.put(key, written);
      written.onComplete(r -> submitting.remove(key));
    }
    return written.map(id -> {
      requestTick();
      return new Submitted(id, true);
    });
  }

  /** Writes the events of decisions made outside a scheduling round (one trial's cancel or retry). */
  Future<Void> carryOut(List<Decision> decisions) {
    return execute(decisions, List.of()).onSuccess(v -> requestTick());
  }

  /** Writes an experiment's new tags and note; they hold once written (and for every replay after). */
  Future<Void> annotate(Envelope annotated) {
    return execute(List.of(), List.of(annotated))
        .onSuccess(v -> annotations.put(annotated.experimentId(), (ExperimentAnnotated) annotated.payload()));
  }

  /** cancel, pause or resume. */
  public enum Control {
    CANCEL,
    PAUSE,
    RESUME
  }

  /** Cancels, pauses or resumes an experiment; repeating an action that already holds changes nothing. */
  public Future<ExperimentView> control(String experimentId, Control action, String reason) {
    if (!recovered) {
      return Future.failedFuture(new ApiException(503, "$", "the orchestrator is recovering its state; retry"));
    }
    ExperimentView x = scheduler.experiment(experimentId).orElseThrow(() ->
        new ApiException(404, "experimentId", "unknown experiment " + experimentId));
    ExperimentState state = x.state();
    boolean finished = state == ExperimentState.CANCELLED || state == ExperimentState.COMPLETED;
    if (action == Control.CANCEL && finished
        || action == Control.PAUSE && state == ExperimentState.PAUSED
        || action == Control.RESUME && state == ExperimentState.ACTIVE) {
      return Future.succeededFuture(x);
    }
    if (finished) {
      return Future.failedFuture(new ApiException(409, "experimentId", "experiment " + experimentId + " is "
          + state.name().toLowerCase() + "; it cannot be " + (action == Control.PAUSE ? "paused" : "resumed")));
    }
    Instant now = clock.instant();
    List<Decision> decisions;
    Envelope event;
    switch (action) {
      case CANCEL -> {
        decisions = scheduler.cancel(experimentId, reason);
        event = Envelope.of(new ExperimentCancelled(reason), experimentId, null, 0, 0, now);
      }
      case PAUSE -> {
        decisions = scheduler.pause(experimentId, reason);
        event = Envelope.of(new ExperimentPaused(reason), experimentId, null, 0, 0, now);
      }
      default -> {
        decisions = scheduler.resume(experimentId);
        event = Envelope.of(new ExperimentResumed(), experimentId, null, 0, 0, now);
      }
    }
    return execute(decisions, List.of(event)).map(v -> {
      requestTick();
      return scheduler.experiment(experimentId).orElseThrow();
    });
  }
}
