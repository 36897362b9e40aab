package dev.shears.orchestrator.scheduler;

import dev.shears.events.Envelope;
import dev.shears.events.WorkerHeartbeat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The scheduling core: the {@link TrialStateMachine trial state machine}, the {@link Fleet fleet and its leases}
 * and {@link Placement placement}, behind one API. Pure: no I/O, clock, randomness or threads; time comes in as
 * {@code Instant now}. Not thread-safe: one owner (the orchestrator's event loop) calls it.
 *
 * <p>State is event-sourced. {@link #apply(Envelope)} folds the log ({@code shears.experiments},
 * {@code shears.trials}, {@code shears.checkpoints}) into state, so replaying the log rebuilds it. The decision
 * methods ({@link #tick}, {@link #cancel}, {@link #pause}, {@link #resume}) never change a trial's state: they
 * reserve capacity and mark the events they expect back, and the state changes when those events are applied in
 * log order. A trial with a decision in flight is not decided again, so nothing is scheduled twice, and the live
 * state and a replay of the same log agree.
 */
public final class Scheduler {
  private final TrialStateMachine trials;
  private final Fleet fleet;
  private final Placement placement;

  public Scheduler(SchedulerConfig config) {
    this.trials = new TrialStateMachine(config);
    this.fleet = trials.fleet();
    this.placement = new Placement(config, fleet);
  }

  // ---------------------------------------------------------------------------------------------------------
  // The log and the fleet

  /**
   * Folds one event of the log into state; duplicates, events of unknown trials and events of fenced attempts
   * are ignored.
   *
   * @return whether the event changed state
   */
  public boolean apply(Envelope envelope) {
    return trials.apply(envelope);
  }

  /**
   * Registers a heartbeat: the worker's lease runs from {@code seenAt}. A worker that reports running a trial it
   * does not own (a zombie after a lease loss, or a cancelled trial) gets a revocation at the next {@link #tick}.
   */
  public void heartbeat(WorkerHeartbeat hb, Instant seenAt) {
    fleet.heartbeat(hb, seenAt);
  }

  /**
   * Ends recovery: workers known only from the log (trials placed on them, no heartbeat replayed), and workers
   * holding trials whose last replayed heartbeat is older, get a fresh lease from {@code now}, so a restart (however
   * long its replay took) does not requeue trials of workers that are still alive.
   */
  public void recovered(Instant now) {
    fleet.recovered(now);
  }

  /**
   * The orchestrator heard nothing from the fleet, not even its own heartbeat, for {@code silence}: the broker or
   * the link to it was down. That silence says nothing about the workers, so it does not count against their
   * leases: every live worker's lease and every placed trial's last report move forward by it.
   */
  public void fleetUnheard(Duration silence) {
    fleet.unheard(silence);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Decisions

  /**
   * Decides what to do now: stop the trials early stopping judged, requeue or fail the trials of workers whose lease
   * expired, retry trials whose worker reported a failure, revoke zombies, and place waiting trials.
   */
  public List<Decision> tick(Instant now) {
    List<Decision> decisions = new ArrayList<>(fleet.takeRevocations());
    trials.earlyStopping().decide(decisions);
    fleet.expireLeases(now, decisions);
    trials.retry(decisions);
    placement.place(trials.experiments(), now, decisions);
    return decisions;
  }

  /** Cancels every unfinished trial of an experiment (revoking the placed ones). */
  public List<Decision> cancel(String experimentId, String reason) {
    return Interventions.cancel(experiment0(experimentId), reason);
  }

  /** Pauses every waiting or placed trial of an experiment (revoking the placed ones). */
  public List<Decision> pause(String experimentId, String reason) {
    return Interventions.pause(experiment0(experimentId), reason);
  }

  /** Requeues the paused trials of an experiment; each resumes from its last checkpoint as a new attempt. */
  public List<Decision> resume(String experimentId) {
    return Interventions.resume(experiment0(experimentId));
  }

  /**
   * Cancels one unfinished trial (revoking it where it is placed); no decision when it is finished.
   *
   * @throws IllegalArgumentException for an unknown trial
   */
  public List<Decision> cancelTrial(String trialId, String reason) {
    List<Decision> out = new ArrayList<>(1);
    Interventions.cancel(trial0(trialId), reason, out);
    return out;
  }

  /**
   * Runs a failed, cancelled or stopped trial again from its first step as a new attempt (a TrialRetried); no
   * decision in any other state.
   *
   * @throws IllegalArgumentException for an unknown trial
   */
  public List<Decision> retryTrial(String trialId, String reason) {
    List<Decision> out = new ArrayList<>(1);
    Interventions.retry(trial0(trialId), reason, out);
    return out;
  }

  /**
   * Forgets the expectations of decisions whose events were never written (the transaction failed), so they can
   * be decided again, and gives back the capacity reserved for assignments among them.
   */
  public void abandon(List<Decision> decisions) {
    trials.abandon(decisions);
  }

  /**
   * Removes an experiment whose submission was applied ahead of its write and then not written (the transaction
   * aborted): its trials and any capacity reserved for them are gone.
   */
  public void forget(String experimentId) {
    trials.forget(experimentId);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Reads

  /** The experiment an idempotency key created, if any. */
  public Optional<String> experimentForKey(String idempotencyKey) {
    return Optional.ofNullable(trials.experimentForKey(idempotencyKey));
  }

  /** Whether the experiment is known. */
  public boolean hasExperiment(String experimentId) {
    Experiment x = trials.experiment(experimentId);
    return x != null && x.submittedAt != null;
  }

  public Optional<ExperimentView> experiment(String experimentId) {
    return hasExperiment(experimentId) ? Optional.of(view(trials.experiment(experimentId))) : Optional.empty();
  }

  /** Every experiment, oldest first. */
  public List<ExperimentView> experiments() {
    List<ExperimentView> out = new ArrayList<>();
    for (Experiment x : trials.experiments()) {
      if (x.submittedAt != null) {
        out.add(view(x));
      }
    }
    return out;
  }

  public Optional<TrialView> trial(String trialId) {
    Trial t = trials.trial(trialId);
    return t == null ? Optional.empty() : Optional.of(t.view());
  }

  /** The trials of an experiment in index order. */
  public List<TrialView> trialsOf(String experimentId) {
    Experiment x = trials.experiment(experimentId);
    if (x == null) {
      return List.of();
    }
    return x.trials.stream().sorted(Comparator.comparingInt(t -> t.index)).map(Trial::view).toList();
  }

  /** The fleet registry. */
  public List<WorkerView> fleet() {
    return fleet.view();
  }

  /**
   * Capacity totals over live trainers.
   *
   * @param workers live trainers
   * @param gpus their GPUs
   * @param memoryTotalMb their GPU memory
   * @param memoryAllocatedMb memory held by trials
   * @param placed trials holding capacity
   * @param waiting trials waiting for a placement
   */
  public record Stats(int workers, int gpus, long memoryTotalMb, long memoryAllocatedMb, int placed, int waiting) {}

  public Stats stats() {
    int waiting = 0;
    for (Experiment x : trials.experiments()) {
      waiting += x.waiting.size();
    }
    return fleet.stats(waiting);
  }

  private Experiment experiment0(String experimentId) {
    Experiment x = trials.experiment(experimentId);
    if (x == null || x.submittedAt == null) {
      throw new IllegalArgumentException("Unknown experiment " + experimentId);
    }
    return x;
  }

  private Trial trial0(String trialId) {
    Trial t = trials.trial(trialId);
    if (t == null) {
      throw new IllegalArgumentException("Unknown trial " + trialId);
    }
    return t;
  }

  private ExperimentView view(Experiment x) {
    Map<TrialState, Integer> counts = new EnumMap<>(TrialState.class);
    Set<String> seen = new HashSet<>();
    boolean allDone = !x.trials.isEmpty();
    for (Trial t : x.trials) {
      counts.merge(t.state, 1, Integer::sum);
      seen.add(t.id);
      allDone &= t.state.terminal();
    }
    ExperimentState state = x.state;
    if (state != ExperimentState.CANCELLED && allDone && x.trials.size() >= x.trialCount) {
      state = ExperimentState.COMPLETED;
    }
    List<String> ids = x.trials.stream().sorted(Comparator.comparingInt(t -> t.index)).map(t -> t.id).toList();
    return new ExperimentView(x.id, x.name, x.idempotencyKey, state, x.weight,
        x.maxConcurrent, x.trialCount, counts, ids, x.spec, x.submittedAt);
  }
}
