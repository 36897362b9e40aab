package dev.shears.dashboard.state;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shears.dashboard.history.TrialHistory;
import dev.shears.events.CheckpointWritten;
import dev.shears.events.Envelope;
import dev.shears.events.CurveSummary;
import dev.shears.events.EvaluationCompleted;
import dev.shears.events.EvaluationFailed;
import dev.shears.events.ExperimentAnnotated;
import dev.shears.events.ExperimentCancelled;
import dev.shears.events.ExperimentPaused;
import dev.shears.events.ExperimentResumed;
import dev.shears.events.ExperimentSubmitted;
import dev.shears.events.LagrangianEvent;
import dev.shears.events.LossEvent;
import dev.shears.events.MaskEvent;
import dev.shears.events.SequenceFence;
import dev.shears.events.StageCompleted;
import dev.shears.events.StageStarted;
import dev.shears.events.Topics;
import dev.shears.events.TrialAssigned;
import dev.shears.events.TrialCancelled;
import dev.shears.events.TrialCheckpointed;
import dev.shears.events.TrialCreated;
import dev.shears.events.TrialFailed;
import dev.shears.events.TrialRequeued;
import dev.shears.events.TrialRetried;
import dev.shears.events.TrialStarted;
import dev.shears.events.TrialStopped;
import dev.shears.events.TrialSucceeded;
import dev.shears.events.TrialSummary;
import dev.shears.events.ValidationEvent;
import dev.shears.events.WorkerHeartbeat;
import dev.shears.report.EvaluatedTrial;
import dev.shears.report.Table1Builder;
import dev.shears.report.Table1Report;
import dev.shears.report.TrialState;
import dev.shears.spec.SweepParams;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's in-memory picture of every experiment, trial and worker, built from the Kafka topics.
 * Telemetry and checkpoints pass a {@link SequenceFence} per topic (duplicates and events of fenced attempts
 * are dropped); the trial log is applied idempotently. Thread-safe: one thread applies events while HTTP
 * handlers read snapshots (views are immutable copies).
 */
public final class DashboardState {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardState.class);
  private final Clock clock;
  private final Table1Builder reports = new Table1Builder();
  private final Duration workerLease;
  private final int historyCapacity;
  private final int maskCapacity;
  private final int maxHistories;
  private final Map<String, ExperimentRecord> experiments = new LinkedHashMap<>();
  private final Map<String, TrialRecord> trials = new HashMap<>();
  private final Map<String, WorkerRecord> workers = new LinkedHashMap<>();
  private final SequenceFence telemetryFence = new SequenceFence();
  private final SequenceFence checkpointFence = new SequenceFence();
  private long duplicates;
  private long fenced;
  private long evictions;

  /**
   * @param clock for "last seen" of workers
   * @param workerLease a worker without a heartbeat for this long is shown as gone
   * @param historyCapacity rows per scalar series of one trial
   * @param maskCapacity rows of the head-gate heatmap of one trial
   */
  public DashboardState(Clock clock, Duration workerLease, int historyCapacity, int maskCapacity) {
    this(clock, workerLease, historyCapacity, maskCapacity, Integer.MAX_VALUE);
  }

  /**
   * As {@link #DashboardState(Clock, Duration, int, int)}, holding telemetry of at most {@code maxHistories}
   * trials: beyond that, the finished trial updated longest ago loses its history (its row, stages,
   * checkpoints and evaluation stay).
   */
  public DashboardState(Clock clock, Duration workerLease, int historyCapacity, int maskCapacity,
      int maxHistories) {
    this.clock = clock;
    this.workerLease = workerLease;
    this.historyCapacity = historyCapacity;
    this.maskCapacity = maskCapacity;
    this.maxHistories = maxHistories;
  }

  private static final class ExperimentRecord {
    final String id;
    String name;
    String state = "ACTIVE";
    Instant submittedAt;
    int trialCount;
    String submittedBy;
    JsonNode spec;
    List<String> sweptPointers = List.of();
    List<String> tags = List.of();
    String note = "";
    final List<String> trialIds = new ArrayList<>();

    ExperimentRecord(String id) {
      this.id = id;
      this.name = id;
    }
  }

  private record WorkerRecord(WorkerHeartbeat heartbeat, Instant lastSeen) {}

  /** Applies one decoded event and says what changed. */
  public synchronized Change apply(Envelope envelope) {
    String topic = envelope.topic();
    if (topic.equals(Topics.TELEMETRY) && !admit(telemetryFence, envelope)) {
      return Change.NONE;
    }
    if (topic.equals(Topics.CHECKPOINTS) && !admit(checkpointFence, envelope)) {
      return Change.NONE;
    }
    return switch (topic) {
      case Topics.EXPERIMENTS -> experimentEvent(envelope);
      case Topics.TRIALS -> trialEvent(envelope);
      case Topics.TELEMETRY -> telemetry(envelope);
      case Topics.CHECKPOINTS -> checkpoint(envelope);
      case Topics.EVALUATIONS -> evaluation(envelope);
      case Topics.FLEET -> heartbeat(envelope);
      case Topics.TRIAL_HISTORY -> summary(envelope);
      default -> Change.NONE;
    };
  }

  private boolean admit(SequenceFence fence, Envelope e) {
    SequenceFence.Verdict verdict = fence.offer(e);
    if (verdict == SequenceFence.Verdict.DUPLICATE) {
      duplicates++;
    } else if (verdict == SequenceFence.Verdict.FENCED) {
      fenced++;
    }
    return verdict == SequenceFence.Verdict.ACCEPT;
  }

  private Change experimentEvent(Envelope e) {
    if (e.experimentId() == null) {
      return Change.NONE;
    }
    ExperimentRecord x = experiment(e.experimentId());
    Object p = e.payload();
    if (p instanceof ExperimentSubmitted s) {
      x.name = s.name();
      x.submittedAt = e.ts();
      x.trialCount = s.trialCount();
      x.submittedBy = s.submittedBy();
      x.spec = s.spec();
      x.sweptPointers = List.copyOf(SweepParams.pointers(s.spec()));
    } else if (p instanceof ExperimentCancelled) {
      x.state = "CANCELLED";
    } else if (p instanceof ExperimentPaused) {
      x.state = "PAUSED";
    } else if (p instanceof ExperimentResumed) {
      x.state = "ACTIVE";
    } else if (p instanceof ExperimentAnnotated a) {
      x.tags = a.tags();
      x.note = a.note();
    } else {
      return Change.NONE;
    }
    return new Change(Change.Kind.EXPERIMENT, x.id, null, null, e);
  }

  private Change trialEvent(Envelope e) {
    if (e.trialId() == null) {
      return Change.NONE;
    }
    TrialRecord t = trial(e.trialId(), e.experimentId());
    if (e.payload() instanceof TrialRetried r && !t.state.retryable()) {
      // The orchestrator writes a retry only for a failed, cancelled or stopped trial: this one is a redelivery
      // or out of place, and applying it would wipe the trial's current attempt.
      LOG.warn("Ignored TrialRetried (next attempt {}) of trial {}: it is {}, and only a failed, cancelled or"
          + " stopped trial can be retried", r.nextAttempt(), t.trialId, t.state.label());
      return Change.NONE;
    }
    t.updatedAt = e.ts();
    if (e.attempt() > t.attempt) {
      t.attempt = e.attempt();
    }
    Object p = e.payload();
    if (p instanceof TrialCreated c) {
      t.index = c.index();
      t.spec(c.spec());
      if (t.state == TrialState.UNKNOWN) {
        t.state = TrialState.PENDING;
      }
    } else if (p instanceof TrialAssigned a) {
      t.workerId = a.workerId();
      if (t.firstAssignedAt == null || e.ts().isBefore(t.firstAssignedAt)) {
        t.firstAssignedAt = e.ts();
      }
      t.state = unlessTerminal(t, TrialState.ASSIGNED);
    } else if (p instanceof TrialStarted s) {
      t.workerId = s.workerId();
      if (t.firstAssignedAt == null || e.ts().isBefore(t.firstAssignedAt)) {
        t.firstAssignedAt = e.ts();
      }
      t.state = unlessTerminal(t, TrialState.RUNNING);
    } else if (p instanceof StageStarted s) {
      t.stage = s.stage();
      t.state = unlessTerminal(t, TrialState.RUNNING);
      t.stageStarted(s.stage(), e.attempt(), s.step(), e.ts());
    } else if (p instanceof StageCompleted s) {
      t.stageCompleted(s.stage(), e.attempt(), s.step(), s.metrics(), e.ts());
    } else if (p instanceof TrialCheckpointed c) {
      t.checkpoint(new CheckpointView(c.stage(), c.step(), null, c.uri(), c.sha256(), -1, e.ts()));
    } else if (p instanceof TrialSucceeded) {
      t.state = TrialState.SUCCEEDED;
      t.reason = null;
    } else if (p instanceof TrialFailed f) {
      t.state = TrialState.FAILED;
      t.failedAttempt = e.attempt();
      t.reason = f.reason();
    } else if (p instanceof TrialRequeued r) {
      // A failure shows as FAILED until the orchestrator requeues the trial for a later attempt: only it knows
      // whether attempts remain, and a requeue says they did.
      boolean retried = t.state == TrialState.FAILED && r.nextAttempt() > t.failedAttempt;
      if (retried || !t.state.terminal()) {
        t.state = TrialState.REQUEUED;
        t.attempt = Math.max(t.attempt, r.nextAttempt());
        t.reason = r.reason();
      }
    } else if (p instanceof TrialRetried r) {
      // The one event that leaves a terminal state: the trial runs again from its first step.
      t.state = TrialState.REQUEUED;
      t.attempt = Math.max(t.attempt, r.nextAttempt());
      t.reason = r.reason();
      t.retried(r.nextAttempt());
    } else if (p instanceof TrialStopped s) {
      t.state = unlessTerminal(t, TrialState.STOPPED);
      t.reason = s.reason();
    } else if (p instanceof TrialCancelled c) {
      t.state = c.paused() ? unlessTerminal(t, TrialState.PAUSED) : TrialState.CANCELLED;
      t.reason = c.reason();
    } else if (p instanceof ValidationEvent v) {
      // A curve point, not a state change: it streams to the trial page like telemetry.
      if (!t.current(e.attempt())) {
        return Change.NONE;
      }
      t.historyAttempt = Math.max(t.historyAttempt, e.attempt());
      t.history.add(v);
      return new Change(Change.Kind.TELEMETRY, t.experimentId, t.trialId, null, e);
    } else {
      return Change.NONE;
    }
    return new Change(Change.Kind.TRIAL, t.experimentId, t.trialId, null, e);
  }

  private static TrialState unlessTerminal(TrialRecord t, TrialState next) {
    return t.state.terminal() ? t.state : next;
  }

  private Change telemetry(Envelope e) {
    if (e.trialId() == null) {
      return Change.NONE;
    }
    TrialRecord t = trial(e.trialId(), e.experimentId());
    if (t.fromSummary && t.state.terminal() || !t.current(e.attempt())) {
      // Its summary already holds these curves (the replay started before this trial's telemetry), or they are
      // of an attempt a user's retry replaced.
      return Change.NONE;
    }
    t.updatedAt = e.ts();
    t.telemetryEvents++;
    t.historyAttempt = Math.max(t.historyAttempt, e.attempt());
    Object p = e.payload();
    if (p instanceof LossEvent l) {
      t.history.add(l);
      t.step = l.step();
      t.stage = l.stage();
      t.loss = l.total();
    } else if (p instanceof LagrangianEvent l) {
      t.history.add(l);
      t.expectedSparsity = l.expectedSparsity();
      t.target = l.target();
    } else if (p instanceof MaskEvent m) {
      t.history.add(m);
      t.expectedSparsity = m.expectedSparsity();
      t.target = m.target();
    } else {
      return Change.NONE;
    }
    if (t.state == TrialState.UNKNOWN || t.state == TrialState.ASSIGNED || t.state == TrialState.PENDING) {
      t.state = TrialState.RUNNING;
    }
    return new Change(Change.Kind.TELEMETRY, t.experimentId, t.trialId, null, e);
  }

  private Change checkpoint(Envelope e) {
    if (e.trialId() == null || !(e.payload() instanceof CheckpointWritten c)) {
      return Change.NONE;
    }
    TrialRecord t = trial(e.trialId(), e.experimentId());
    t.checkpoint(new CheckpointView(c.stage(), c.step(), c.kind(), c.uri(), c.sha256(), c.bytes(), e.ts()));
    return new Change(Change.Kind.CHECKPOINT, t.experimentId, t.trialId, null, e);
  }

  private Change evaluation(Envelope e) {
    if (e.trialId() == null) {
      return Change.NONE;
    }
    TrialRecord t = trial(e.trialId(), e.experimentId());
    if (!t.current(e.attempt())) {
      return Change.NONE;
    }
    Object p = e.payload();
    if (p instanceof EvaluationCompleted c) {
      t.evaluation = c;
      t.evaluationError = null;
    } else if (p instanceof EvaluationFailed f) {
      t.evaluationError = f.reason();
    } else {
      return Change.NONE;
    }
    return new Change(Change.Kind.EVALUATION, t.experimentId, t.trialId, null, e);
  }

  private Change heartbeat(Envelope e) {
    if (!(e.payload() instanceof WorkerHeartbeat h)) {
      return Change.NONE;
    }
    WorkerRecord previous = workers.get(h.workerId());
    if (previous != null && previous.lastSeen().isAfter(e.ts())) {
      return Change.NONE;
    }
    workers.put(h.workerId(), new WorkerRecord(h, e.ts()));
    return new Change(Change.Kind.WORKER, null, null, h.workerId(), e);
  }

  /**
   * Loads a trial's summary from the history topic, unless this dashboard holds more of its telemetry than the
   * summary was made from (it then has the same curves at a finer resolution).
   */
  private Change summary(Envelope e) {
    if (e.trialId() == null || !(e.payload() instanceof TrialSummary s)) {
      return Change.NONE;
    }
    TrialRecord t = trial(e.trialId(), e.experimentId());
    TrialState state = TrialState.parse(s.state());
    t.summarised = new TrialRecord.SummaryKey(state, e.attempt(), s.telemetryEvents(), s.evaluation() != null,
        s.evaluationError() != null);
    if (!t.current(e.attempt()) || t.telemetryEvents >= s.telemetryEvents() && !t.fromSummary) {
      return Change.NONE;
    }
    t.history.restore(s.curves());
    t.historyAttempt = e.attempt();
    t.telemetryEvents = s.telemetryEvents();
    t.fromSummary = true;
    if (t.state == TrialState.UNKNOWN) {
      t.state = state;
    }
    if (t.evaluation == null && t.evaluationError == null) {
      t.evaluation = s.evaluation();
      t.evaluationError = s.evaluationError();
    }
    for (CurveSummary c : s.curves()) {
      int last = c.steps().size() - 1;
      if (last >= 0 && c.series().equals("loss") && c.columns().contains("total")) {
        t.step = (long) (double) c.steps().get(last);
        t.loss = (double) c.values().get(c.columns().indexOf("total")).get(last);
      } else if (last >= 0 && c.series().equals("sparsity") && c.columns().contains("expectedSparsity")
          && c.columns().contains("target")) {
        t.expectedSparsity = (double) c.values().get(c.columns().indexOf("expectedSparsity")).get(last);
        t.target = (double) c.values().get(c.columns().indexOf("target")).get(last);
      }
    }
    return new Change(Change.Kind.TRIAL, t.experimentId, t.trialId, null, e);
  }

  /** A summary to write to the history topic, and what it summarises. */
  public record PendingSummary(String experimentId, String trialId, int attempt, TrialSummary summary,
      Object key) {}

  /**
   * The summaries of finished trials that are missing or out of date on the history topic (a trial that ended,
   * whose evaluation arrived or that ran again since): curves downsampled to {@code points} rows ({@code maskPoints}
   * for the gate tables), at most {@code limit} of them. Trials with no telemetry, and those whose history was dropped, have none.
   */
  public synchronized List<PendingSummary> pendingSummaries(int points, int maskPoints, int limit) {
    List<PendingSummary> out = new ArrayList<>();
    for (TrialRecord t : trials.values()) {
      if (out.size() == limit) {
        break;
      }
      if (!t.state.terminal() || t.history.evicted() || t.telemetryEvents == 0) {
        continue;
      }
      TrialRecord.SummaryKey key = t.summaryKey();
      if (key.equals(t.summarised)) {
        continue;
      }
      TrialSummary summary = new TrialSummary(t.state.name(), t.telemetryEvents,
          t.history.summarise(points, maskPoints), t.evaluation, t.evaluationError);
      out.add(new PendingSummary(t.experimentId, t.trialId, key.attempt(), summary, key));
    }
    return out;
  }

  /** The summary {@code pending} was written (or, with {@code written} false, failed and must be made again). */
  public synchronized void summaryWritten(PendingSummary pending, boolean written) {
    TrialRecord t = trials.get(pending.trialId());
    if (t != null && written) {
      t.summarised = (TrialRecord.SummaryKey) pending.key();
    } else if (t != null && pending.key().equals(t.summarised)) {
      t.summarised = null;
    }
  }

  /**
   * Where a replay of the telemetry topic must start so that every trial without a summary gets its curves: the
   * first placement of the earliest such trial; empty when every placed trial is summarised (live telemetry from
   * now on is enough).
   */
  public synchronized Optional<Instant> telemetryNeededSince() {
    Instant since = null;
    for (TrialRecord t : trials.values()) {
      if (t.firstAssignedAt == null || t.fromSummary && t.state.terminal()) {
        continue;
      }
      if (since == null || t.firstAssignedAt.isBefore(since)) {
        since = t.firstAssignedAt;
      }
    }
    return Optional.ofNullable(since);
  }

  /** Drops the history of the finished trial updated longest ago, if any trial is finished. */
  private void evictOldestFinished() {
    TrialRecord oldest = null;
    for (TrialRecord t : trials.values()) {
      if (t.state.terminal() && !t.history.evicted() && (oldest == null || updated(t).isBefore(updated(oldest)))) {
        oldest = t;
      }
    }
    if (oldest != null) {
      oldest.history.evict();
      evictions++;
    }
  }

  private static Instant updated(TrialRecord t) {
    return t.updatedAt == null ? Instant.MIN : t.updatedAt;
  }

  /** Trials whose history was dropped to stay within the history limit. */
  public synchronized long evictions() {
    return evictions;
  }

  private ExperimentRecord experiment(String id) {
    return experiments.computeIfAbsent(id, ExperimentRecord::new);
  }

  private TrialRecord trial(String trialId, String experimentId) {
    TrialRecord t = trials.get(trialId);
    if (t == null) {
      t = new TrialRecord(trialId, experimentId, new TrialHistory(historyCapacity, maskCapacity));
      trials.put(trialId, t);
      if (trials.size() > maxHistories) {
        evictOldestFinished();
      }
      if (experimentId != null) {
        experiment(experimentId).trialIds.add(trialId);
      }
    } else if (t.experimentId == null && experimentId != null) {
      t.experimentId = experimentId;
      experiment(experimentId).trialIds.add(trialId);
    }
    return t;
  }

  // ---- views -------------------------------------------------------------------------------------------

  /** Every experiment, newest first. */
  public synchronized List<ExperimentRow> experiments() {
    List<ExperimentRow> rows = new ArrayList<>();
    for (ExperimentRecord x : experiments.values()) {
      rows.add(row(x));
    }
    rows.sort(Comparator.comparing(ExperimentRow::submittedAt, Comparator.nullsLast(Comparator.reverseOrder())));
    return rows;
  }

  /** One experiment. */
  public synchronized Optional<ExperimentRow> experimentRow(String id) {
    ExperimentRecord x = experiments.get(id);
    return x == null ? Optional.empty() : Optional.of(row(x));
  }

  /** One experiment's resolved spec, if it was submitted. */
  public synchronized Optional<JsonNode> experimentSpec(String id) {
    ExperimentRecord x = experiments.get(id);
    return x == null ? Optional.empty() : Optional.ofNullable(x.spec);
  }

  private ExperimentRow row(ExperimentRecord x) {
    Map<TrialState, Integer> counts = new EnumMap<>(TrialState.class);
    boolean allDone = !x.trialIds.isEmpty();
    for (String id : x.trialIds) {
      TrialState s = trials.get(id).state;
      counts.merge(s, 1, Integer::sum);
      allDone &= s.terminal();
    }
    String state = x.state;
    if (state.equals("ACTIVE") && allDone && x.trialIds.size() >= x.trialCount) {
      state = "COMPLETED";
    }
    return new ExperimentRow(x.id, x.name, state, x.submittedAt, Math.max(x.trialCount, x.trialIds.size()),
        counts, x.submittedBy, x.tags, x.note);
  }

  /** The trial table of an experiment, by trial index; empty when the experiment is unknown. */
  public synchronized Optional<List<TrialRow>> trialsOf(String experimentId) {
    ExperimentRecord x = experiments.get(experimentId);
    if (x == null) {
      return Optional.empty();
    }
    List<TrialRow> rows = new ArrayList<>();
    for (String id : x.trialIds) {
      rows.add(trials.get(id).row(x.sweptPointers));
    }
    rows.sort(Comparator.comparingInt(TrialRow::index).thenComparing(TrialRow::trialId));
    return Optional.of(rows);
  }

  /** One trial's row. */
  public synchronized Optional<TrialRow> trialRow(String trialId) {
    TrialRecord t = trials.get(trialId);
    return t == null ? Optional.empty() : Optional.of(t.row(sweptPointers(t)));
  }

  private List<String> sweptPointers(TrialRecord t) {
    ExperimentRecord x = t.experimentId == null ? null : experiments.get(t.experimentId);
    return x == null ? List.of() : x.sweptPointers;
  }

  /** One trial's page data. */
  public synchronized Optional<TrialDetail> trial(String trialId) {
    TrialRecord t = trials.get(trialId);
    return t == null ? Optional.empty() : Optional.of(t.detail(sweptPointers(t)));
  }

  /** One trial's telemetry history (thread-safe on its own). */
  public synchronized Optional<TrialHistory> history(String trialId) {
    TrialRecord t = trials.get(trialId);
    return t == null ? Optional.empty() : Optional.of(t.history);
  }

  /** Every worker and service that ever sent a heartbeat, by id; {@code alive} judged against the clock now. */
  public synchronized List<WorkerRow> workers() {
    Instant now = clock.instant();
    List<WorkerRow> rows = new ArrayList<>();
    for (WorkerRecord w : workers.values()) {
      rows.add(workerRow(w, now));
    }
    rows.sort(Comparator.comparing(WorkerRow::kind).thenComparing(WorkerRow::workerId));
    return rows;
  }

  /** One worker. */
  public synchronized Optional<WorkerRow> worker(String workerId) {
    WorkerRecord w = workers.get(workerId);
    return w == null ? Optional.empty() : Optional.of(workerRow(w, clock.instant()));
  }

  private WorkerRow workerRow(WorkerRecord w, Instant now) {
    WorkerHeartbeat h = w.heartbeat();
    boolean alive = Duration.between(w.lastSeen(), now).compareTo(workerLease) <= 0;
    return new WorkerRow(h.workerId(), h.kind(), h.host(), h.gpus(), h.runningTrials(), h.slots(), h.endpoint(),
        w.lastSeen(), alive);
  }

  /**
   * The experiment's Table-1 report, built by the shared report core from the evaluated trials and their specs,
   * so it is the table {@code shears report} prints for the same experiment.
   */
  public synchronized Optional<Table1Report> report(String experimentId) {
    ExperimentRecord x = experiments.get(experimentId);
    if (x == null) {
      return Optional.empty();
    }
    List<EvaluatedTrial> evaluated = new ArrayList<>();
    for (String id : x.trialIds) {
      TrialRecord t = trials.get(id);
      if (t.evaluation != null) {
        evaluated.add(new EvaluatedTrial(t.trialId, t.index, t.spec, t.evaluation, t.state == TrialState.STOPPED));
      }
    }
    return Optional.of(reports.fromTrials(experimentId, evaluated, null));
  }

  /** Events dropped as redeliveries. */
  public synchronized long duplicates() {
    return duplicates;
  }

  /** Events dropped because a newer attempt of their trial was already seen. */
  public synchronized long fenced() {
    return fenced;
  }

  /** Number of trials known. */
  public synchronized int trialCount() {
    return trials.size();
  }

  /** Telemetry rows held over all trials. */
  public synchronized long historyRows() {
    long n = 0;
    for (TrialRecord t : trials.values()) {
      n += t.history.rows();
    }
    return n;
  }
}
