package dev.shears.orchestrator.scheduler;

import dev.shears.events.CheckpointKind;
import dev.shears.events.CheckpointWritten;
import dev.shears.events.Envelope;
import dev.shears.events.Event;
import dev.shears.events.ExperimentCancelled;
import dev.shears.events.ExperimentPaused;
import dev.shears.events.ExperimentResumed;
import dev.shears.events.ExperimentSubmitted;
import dev.shears.events.StageCompleted;
import dev.shears.events.StageStarted;
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
import dev.shears.events.ValidationEvent;
import dev.shears.spec.ExperimentShare;
import dev.shears.spec.SearchSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The trial state machine (DESIGN §6), event-sourced: {@link #apply} folds the log ({@code shears.experiments},
 * {@code shears.trials}, {@code shears.checkpoints}) into experiments and trials, so replaying the log rebuilds
 * them. Its commands (cancel, pause, resume, retries) never change a trial's state: they mark the events they
 * expect back, and the state changes when those events are applied in log order. Pure and confined like the
 * {@link Scheduler} that owns it.
 */
final class TrialStateMachine {
  private final Fleet fleet;
  private final Map<String, Experiment> experiments = new LinkedHashMap<>();
  private final Map<String, String> experimentsByKey = new HashMap<>();
  private final Map<String, Trial> trials = new HashMap<>();
  private final Set<String> retries = new LinkedHashSet<>();
  private final EarlyStopping earlyStopping = new EarlyStopping(trials);
  private long createdSeq;

  TrialStateMachine(SchedulerConfig config) {
    this.fleet = new Fleet(config, trials);
  }

  /** Early stopping's verdicts on these trials. */
  EarlyStopping earlyStopping() {
    return earlyStopping;
  }

  /** The fleet whose capacity the trials hold. */
  Fleet fleet() {
    return fleet;
  }

  /** Every experiment, the unsubmitted ones (events seen before their submission) included, oldest first. */
  Iterable<Experiment> experiments() {
    return experiments.values();
  }

  Experiment experiment(String experimentId) {
    return experiments.get(experimentId);
  }

  Trial trial(String trialId) {
    return trials.get(trialId);
  }

  String experimentForKey(String idempotencyKey) {
    return experimentsByKey.get(idempotencyKey);
  }

  /**
   * Folds one event of the log into state; duplicates, events of unknown trials and events of fenced attempts
   * are ignored.
   *
   * @return whether the event changed state
   */
  boolean apply(Envelope envelope) {
    Event event = envelope.payload();
    if (event instanceof ExperimentSubmitted s) {
      return submitted(envelope, s);
    }
    if (event instanceof ExperimentCancelled || event instanceof ExperimentPaused
        || event instanceof ExperimentResumed) {
      return experimentState(envelope.experimentId(), event);
    }
    if (event instanceof TrialCreated c) {
      return created(envelope, c);
    }
    Trial t = envelope.trialId() == null ? null : trials.get(envelope.trialId());
    if (t == null) {
      return false;
    }
    if (event instanceof CheckpointWritten w) {
      return checkpointWritten(t, envelope, w);
    }
    boolean changed = trialEvent(t, envelope, event);
    if (changed) {
      t.updatedAt = envelope.ts();
    }
    return changed;
  }

  private boolean submitted(Envelope e, ExperimentSubmitted s) {
    Experiment x = experiments.computeIfAbsent(e.experimentId(), Experiment::new);
    if (x.submittedAt != null) {
      return false;
    }
    x.name = s.name();
    x.idempotencyKey = s.idempotencyKey();
    x.spec = s.spec();
    ExperimentShare share = ExperimentShare.of(s.spec());
    x.weight = share.weight();
    x.maxConcurrent = share.maxConcurrentTrials();
    x.trialCount = s.trialCount();
    x.search = search(s);
    x.rungs = x.search.rungs();
    x.submittedAt = e.ts();
    if (s.idempotencyKey() != null) {
      experimentsByKey.putIfAbsent(s.idempotencyKey(), x.id);
    }
    return true;
  }

  /** The experiment's {@code search:}; a log written before the section existed, or without it, has none. */
  private static SearchSpec search(ExperimentSubmitted s) {
    try {
      return SearchSpec.read(s.spec());
    } catch (IllegalArgumentException e) {
      return SearchSpec.NONE;
    }
  }

  private boolean experimentState(String experimentId, Event event) {
    Experiment x = experiments.computeIfAbsent(experimentId, Experiment::new);
    ExperimentState before = x.state;
    if (event instanceof ExperimentCancelled) {
      x.state = ExperimentState.CANCELLED;
    } else if (event instanceof ExperimentPaused && x.state == ExperimentState.ACTIVE) {
      x.state = ExperimentState.PAUSED;
    } else if (event instanceof ExperimentResumed && x.state == ExperimentState.PAUSED) {
      x.state = ExperimentState.ACTIVE;
    }
    return before != x.state;
  }

  private boolean created(Envelope e, TrialCreated c) {
    if (trials.containsKey(e.trialId())) {
      return false;
    }
    Experiment x = experiments.computeIfAbsent(e.experimentId(), Experiment::new);
    Trial t = new Trial(e.trialId(), x, c.index(), createdSeq++);
    t.spec = c.spec();
    t.gpus = c.gpus();
    t.gpuMemoryGb = c.gpuMemoryGb();
    t.memoryMb = (long) Math.ceil(c.gpuMemoryGb() * 1024);
    t.priority = c.priority();
    t.maxAttempts = Math.max(1, c.maxAttempts());
    t.waitingSince = e.ts();
    t.waitingSinceMs = e.ts().toEpochMilli();
    t.updatedAt = e.ts();
    trials.put(t.id, t);
    x.trials.add(t);
    x.waiting.add(t);
    return true;
  }

  private boolean trialEvent(Trial t, Envelope e, Event event) {
    int attempt = e.attempt();
    if (event instanceof TrialAssigned a) {
      boolean ours = t.expected.remove("TrialAssigned@" + attempt);
      if (t.state.terminal() || attempt <= t.attempt && t.state.placed()) {
        if (ours && !t.state.placed()) {
          fleet.release(t);
        }
        return false;
      }
      if (attempt < t.attempt) {
        return false;
      }
      t.attempt = attempt;
      t.workerSeq = -1;
      t.reportedAtMs = e.ts().toEpochMilli();
      fleet.reserve(t, a.workerId(), a.gpuIndices());
      setState(t, TrialState.ASSIGNED);
      return true;
    }
    if (event instanceof TrialRequeued r) {
      t.expected.remove("TrialRequeued@" + attempt);
      if (t.state.terminal() || r.nextAttempt() <= t.attempt) {
        return false;
      }
      fleet.release(t);
      if (r.reason().startsWith("lease")) {
        t.losses++;
      }
      t.attempt = r.nextAttempt();
      t.workerSeq = -1;
      t.reason = r.reason();
      t.retryPending = false;
      retries.remove(t.id);
      if (r.resumeCheckpoint() != null && t.lastCheckpoint == null) {
        t.lastCheckpoint = r.resumeCheckpoint();
      }
      t.waitingSince = e.ts();
      t.waitingSinceMs = e.ts().toEpochMilli();
      setState(t, TrialState.REQUEUED);
      return true;
    }
    if (event instanceof TrialCancelled c) {
      t.expected.remove("TrialCancelled@" + attempt);
      if (t.state.terminal() || attempt < t.attempt || (c.paused() && t.state == TrialState.PAUSED)) {
        return false;
      }
      fleet.release(t);
      t.retryPending = false;
      retries.remove(t.id);
      t.reason = c.reason();
      setState(t, c.paused() ? TrialState.PAUSED : TrialState.CANCELLED);
      return true;
    }
    if (event instanceof TrialRetried r) {
      return retried(t, e, r);
    }
    if (event instanceof TrialStopped s) {
      t.expected.remove("TrialStopped@" + attempt);
      if (t.state.terminal()) {
        return false;
      }
      fleet.release(t);
      t.retryPending = false;
      retries.remove(t.id);
      earlyStopping.forget(t.id);
      t.reason = s.reason();
      setState(t, TrialState.STOPPED);
      return true;
    }
    if (event instanceof TrialFailed f) {
      boolean ours = t.expected.remove("TrialFailed@" + attempt);
      if (t.state.terminal() || attempt != t.attempt || t.retryPending || !ours && !t.state.placed()) {
        return false;
      }
      fleet.release(t);
      t.losses++;
      t.reason = f.reason();
      if (f.lastCheckpoint() != null) {
        t.lastCheckpoint = f.lastCheckpoint();
      }
      if (t.losses >= t.maxAttempts || !f.retryable()) {
        setState(t, TrialState.FAILED);
      } else {
        t.retryPending = true;
        retries.add(t.id);
        setState(t, TrialState.REQUEUED);
      }
      return true;
    }
    // Events the worker writes: fenced by attempt, deduplicated by seq.
    if (t.state.terminal() || attempt != t.attempt || e.seq() <= t.workerSeq) {
      return false;
    }
    t.workerSeq = e.seq();
    if (event instanceof TrialStarted) {
      if (t.state == TrialState.ASSIGNED) {
        setState(t, TrialState.RUNNING);
      }
      return true;
    }
    if (event instanceof StageStarted s) {
      t.stage = s.stage();
      t.step = s.step();
      if (t.state == TrialState.ASSIGNED) {
        setState(t, TrialState.RUNNING);
      }
      return true;
    }
    if (event instanceof StageCompleted s) {
      t.stage = s.stage();
      t.step = s.step();
      return true;
    }
    if (event instanceof TrialCheckpointed c) {
      checkpoint(t, c.uri(), c.step());
      return true;
    }
    if (event instanceof ValidationEvent v) {
      earlyStopping.onValidation(t, v);
      return true;
    }
    if (event instanceof TrialSucceeded) {
      fleet.release(t);
      t.retryPending = false;
      retries.remove(t.id);
      setState(t, TrialState.SUCCEEDED);
      return true;
    }
    return false;
  }

  /** The one event that leaves a terminal state: the trial waits again, as a new attempt from its first step. */
  private boolean retried(Trial t, Envelope e, TrialRetried r) {
    t.expected.remove("TrialRetried@" + e.attempt());
    if (!t.state.terminal() || r.nextAttempt() <= t.attempt) {
      return false;
    }
    t.attempt = r.nextAttempt();
    t.freshFrom = r.nextAttempt();
    t.workerSeq = -1;
    t.losses = 0;
    t.reason = r.reason();
    t.retryPending = false;
    t.lastCheckpoint = null;
    t.lastCheckpointStep = -1;
    t.rungValues.clear();
    t.stopVerdict = null;
    earlyStopping.forget(t.id);
    t.waitingSince = e.ts();
    t.waitingSinceMs = e.ts().toEpochMilli();
    setState(t, TrialState.REQUEUED);
    return true;
  }

  private boolean checkpointWritten(Trial t, Envelope e, CheckpointWritten w) {
    if (w.kind() == CheckpointKind.EXPORT || e.attempt() < t.freshFrom) {
      return false;
    }
    // A lost attempt's last checkpoint may arrive after the requeue; it is still the newest resume point.
    boolean current = e.attempt() == t.attempt;
    boolean justLost = e.attempt() == t.attempt - 1 && t.state.waiting();
    if (!current && !justLost) {
      return false;
    }
    return checkpoint(t, w.uri(), w.step());
  }

  private static boolean checkpoint(Trial t, String uri, long step) {
    if (step < t.lastCheckpointStep) {
      return false;
    }
    t.lastCheckpoint = uri;
    t.lastCheckpointStep = step;
    return true;
  }

  private void setState(Trial t, TrialState next) {
    TrialState before = t.state;
    if (before == next) {
      return;
    }
    Experiment x = experiments.get(t.experimentId);
    if (before.waiting() && !next.waiting()) {
      x.waiting.remove(t);
    } else if (!before.waiting() && next.waiting()) {
      x.waiting.add(t);
    }
    t.state = next;
  }

  /** Requeues the trials whose worker reported a failure they may retry. */
  void retry(List<Decision> out) {
    for (String id : retries) {
      Trial t = trials.get(id);
      if (t.inFlight()) {
        continue;
      }
      t.expected.add("TrialRequeued@" + t.attempt);
      out.add(new Decision.Requeue(t.id, t.experimentId, t.attempt, t.attempt + 1,
          "retry after failure: " + t.reason, t.lastCheckpoint, null));
    }
  }

  /**
   * Forgets the expectations of decisions whose events were never written (the transaction failed), so they can
   * be decided again, and gives back the capacity reserved for assignments among them.
   */
  void abandon(List<Decision> decisions) {
    for (Decision d : decisions) {
      Trial t = trials.get(d.trialId());
      if (t == null) {
        continue;
      }
      String type = d.trialEventType();
      if (type != null && t.expected.remove(type + "@" + d.attempt()) && d instanceof Decision.Assign
          && !t.state.placed()) {
        fleet.release(t);
      }
    }
  }

  /**
   * Removes an experiment whose submission was applied ahead of its write and then not written (the transaction
   * aborted): its trials and any capacity reserved for them are gone.
   */
  void forget(String experimentId) {
    Experiment x = experiments.remove(experimentId);
    if (x == null) {
      return;
    }
    for (Trial t : x.trials) {
      fleet.release(t);
      trials.remove(t.id);
      retries.remove(t.id);
      earlyStopping.forget(t.id);
    }
    if (x.idempotencyKey != null) {
      experimentsByKey.remove(x.idempotencyKey, experimentId);
    }
  }
}
