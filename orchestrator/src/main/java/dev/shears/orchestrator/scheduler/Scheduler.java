package dev.shears.orchestrator.scheduler;

import dev.shears.events.CheckpointKind;
import dev.shears.events.CheckpointWritten;
import dev.shears.events.Envelope;
import dev.shears.events.Event;
import dev.shears.events.ExperimentCancelled;
import dev.shears.events.ExperimentPaused;
import dev.shears.events.ExperimentResumed;
import dev.shears.events.ExperimentSubmitted;
import dev.shears.events.GpuInfo;
import dev.shears.events.StageCompleted;
import dev.shears.events.StageStarted;
import dev.shears.events.TrialAssigned;
import dev.shears.events.TrialCancelled;
import dev.shears.events.TrialCheckpointed;
import dev.shears.events.TrialCreated;
import dev.shears.events.TrialFailed;
import dev.shears.events.TrialRequeued;
import dev.shears.events.TrialStarted;
import dev.shears.events.TrialSucceeded;
import dev.shears.events.WorkerHeartbeat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The scheduling core: the trial state machine, the fleet registry and placement. Pure: no I/O, clock,
 * randomness or threads; time comes in as {@code Instant now}. Not thread-safe: one owner (the orchestrator's
 * event loop) calls it.
 *
 * <p>State is event-sourced. {@link #apply(Envelope)} folds the log ({@code shears.experiments},
 * {@code shears.trials}, {@code shears.checkpoints}) into state, so replaying the log rebuilds it. The decision
 * methods ({@link #tick}, {@link #cancel}, {@link #pause}, {@link #resume}) never change a trial's state: they
 * reserve capacity and mark the events they expect back, and the state changes when those events are applied in
 * log order. A trial with a decision in flight is not decided again, so nothing is scheduled twice, and the live
 * state and a replay of the same log agree.
 *
 * <p>Placement: trials needing one GPU go best-fit by free GPU memory; multi-GPU trials are placed as a gang on one
 * worker (all or nothing), best fit over workers. Trials with {@code gpus = 0} take a CPU slot; when the live fleet
 * has no GPU at all, every trial takes a CPU slot (the one-machine {@code shears up} case). Among experiments the
 * head trial with the highest effective priority goes first (priority plus one per {@link
 * SchedulerConfig#agingStep()} waited); ties go to the experiment with the smallest weighted share (GPUs held /
 * weight), then to the oldest trial. A trial that waited past {@link SchedulerConfig#starvationAfter()}, does not
 * fit now but would fit an idle worker, stops placement of everything after it until it fits.
 */
public final class Scheduler {
  /** Best-fit order: free memory, then worker id and GPU index for determinism. */
  private static final Comparator<Worker.Gpu> BY_FREE = (a, b) -> {
    int c = Long.compare(a.freeMb(), b.freeMb());
    if (c != 0) {
      return c;
    }
    c = a.worker.id.compareTo(b.worker.id);
    return c != 0 ? c : Integer.compare(a.index, b.index);
  };

  /** Placement order among experiments: starving first, then effective priority, weighted share, age. */
  private static final Comparator<Candidate> RANK = (a, b) -> {
    if (a.starving() != b.starving()) {
      return a.starving() ? -1 : 1;
    }
    int c = Long.compare(b.rank(), a.rank());
    if (c != 0) {
      return c;
    }
    c = Double.compare(a.experiment().share(), b.experiment().share());
    if (c != 0) {
      return c;
    }
    c = Long.compare(a.head().createdSeq, b.head().createdSeq);
    return c != 0 ? c : a.experiment().id.compareTo(b.experiment().id);
  };

  private final SchedulerConfig config;
  private final Map<String, Experiment> experiments = new LinkedHashMap<>();
  private final Map<String, String> experimentsByKey = new HashMap<>();
  private final Map<String, Trial> trials = new HashMap<>();
  private final Map<String, Worker> workers = new TreeMap<>();
  /** GPUs of schedulable workers with free memory, by free memory: the best-fit index. */
  private final TreeSet<Worker.Gpu> gpuIndex = new TreeSet<>(BY_FREE);
  private final Set<String> retries = new LinkedHashSet<>();
  private final List<Decision> revocations = new ArrayList<>();
  /** Search key for the best-fit index: a GPU whose free memory is the request. */
  private final Worker.Gpu probe = new Worker.Gpu(new Worker(""), Integer.MIN_VALUE);
  private long gangRound;
  private long createdSeq;
  private int fleetGpus;
  private boolean recovered;

  public Scheduler(SchedulerConfig config) {
    this.config = config;
  }

  // ---------------------------------------------------------------------------------------------------------
  // The log

  /**
   * Folds one event of the log into state; duplicates, events of unknown trials and events of fenced attempts
   * are ignored.
   *
   * @return whether the event changed state
   */
  public boolean apply(Envelope envelope) {
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
    x.weight = s.spec().path("weight").asDouble(1.0);
    x.maxConcurrent = s.spec().path("maxConcurrentTrials").asInt(Integer.MAX_VALUE);
    x.trialCount = s.trialCount();
    x.submittedAt = e.ts();
    if (s.idempotencyKey() != null) {
      experimentsByKey.putIfAbsent(s.idempotencyKey(), x.id);
    }
    return true;
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
    Trial t = new Trial(e.trialId(), e.experimentId(), c.index(), createdSeq++);
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
          release(t);
        }
        return false;
      }
      if (attempt < t.attempt) {
        return false;
      }
      t.attempt = attempt;
      t.workerSeq = -1;
      t.reportedAtMs = e.ts().toEpochMilli();
      reserve(t, a.workerId(), a.gpuIndices());
      setState(t, TrialState.ASSIGNED);
      return true;
    }
    if (event instanceof TrialRequeued r) {
      t.expected.remove("TrialRequeued@" + attempt);
      if (t.state.terminal() || r.nextAttempt() <= t.attempt) {
        return false;
      }
      release(t);
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
      release(t);
      t.retryPending = false;
      retries.remove(t.id);
      t.reason = c.reason();
      setState(t, c.paused() ? TrialState.PAUSED : TrialState.CANCELLED);
      return true;
    }
    if (event instanceof TrialFailed f) {
      boolean ours = t.expected.remove("TrialFailed@" + attempt);
      if (t.state.terminal() || attempt != t.attempt || t.retryPending || !ours && !t.state.placed()) {
        return false;
      }
      release(t);
      t.losses++;
      t.reason = f.reason();
      if (f.lastCheckpoint() != null) {
        t.lastCheckpoint = f.lastCheckpoint();
      }
      if (t.losses >= t.maxAttempts) {
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
    if (event instanceof TrialSucceeded) {
      release(t);
      t.retryPending = false;
      retries.remove(t.id);
      setState(t, TrialState.SUCCEEDED);
      return true;
    }
    return false;
  }

  private boolean checkpointWritten(Trial t, Envelope e, CheckpointWritten w) {
    if (w.kind() == CheckpointKind.EXPORT) {
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

  // ---------------------------------------------------------------------------------------------------------
  // The fleet

  /**
   * Registers a heartbeat: the worker's lease runs from {@code seenAt}. A worker that reports running a trial it
   * does not own (a zombie after a lease loss, or a cancelled trial) gets a revocation at the next {@link #tick}.
   */
  public void heartbeat(WorkerHeartbeat hb, Instant seenAt) {
    Worker w = workers.computeIfAbsent(hb.workerId(), Worker::new);
    unindex(w);
    boolean counted = w.alive && w.heard && w.trainer();
    if (counted) {
      fleetGpus -= w.gpus.length;
    }
    w.kind = hb.kind();
    w.host = hb.host();
    w.endpoint = hb.endpoint();
    w.slots = hb.slots();
    if (w.lastSeen == null || seenAt.isAfter(w.lastSeen)) {
      w.lastSeen = seenAt;
    }
    w.alive = true;
    w.heard = true;
    w.heartbeatUnchecked = true;
    updateGpus(w, hb.gpus());
    if (w.trainer()) {
      fleetGpus += w.gpus.length;
    }
    index(w);
    long seenAtMs = seenAt.toEpochMilli();
    for (String id : hb.runningTrials()) {
      Trial t = w.trials.contains(id) ? trials.get(id) : null;
      if (t != null && seenAtMs > t.reportedAtMs) {
        t.reportedAtMs = seenAtMs;
      }
    }
    if (recovered) {
      findZombies(w, hb.runningTrials());
    }
  }

  private void updateGpus(Worker w, List<GpuInfo> reported) {
    boolean same = reported.size() == w.gpus.length;
    for (int i = 0; same && i < reported.size(); i++) {
      same = reported.get(i).index() == w.gpus[i].index && reported.get(i).memoryTotalMb() == w.gpus[i].totalMb;
    }
    if (!same) {
      Worker.Gpu[] gpus = new Worker.Gpu[reported.size()];
      for (int i = 0; i < gpus.length; i++) {
        gpus[i] = new Worker.Gpu(w, reported.get(i).index());
        gpus[i].totalMb = reported.get(i).memoryTotalMb();
      }
      w.gpus = gpus;
      for (String id : w.trials) {
        Trial t = trials.get(id);
        for (int index : t.gpuIndices) {
          Worker.Gpu g = w.gpu(index);
          if (g != null) {
            g.allocatedMb += t.memoryMb;
          }
        }
      }
    }
    for (int i = 0; i < reported.size(); i++) {
      GpuInfo info = reported.get(i);
      w.gpus[i].name = info.name();
      w.gpus[i].reportedFreeMb = info.memoryFreeMb();
      w.gpus[i].utilisation = info.utilisation();
    }
  }

  private void findZombies(Worker w, List<String> running) {
    w.revoked.retainAll(running);
    for (String id : running) {
      Trial t = trials.get(id);
      if (t == null || w.trials.contains(id) || t.inFlight() || w.revoked.contains(id)) {
        continue;
      }
      int attempt = t.state.terminal() || t.state == TrialState.PAUSED ? t.attempt : Math.max(0, t.attempt - 1);
      w.revoked.add(id);
      revocations.add(new Decision.Revoke(id, t.experimentId, attempt, w.id,
          t.state.terminal() || t.state == TrialState.PAUSED ? "cancel" : "lease"));
    }
  }

  /**
   * Ends recovery: workers known only from the log (trials placed on them, no heartbeat replayed) get a fresh
   * lease from {@code now}, so a restart does not requeue trials of workers that are still alive.
   */
  public void recovered(Instant now) {
    recovered = true;
    long nowMs = now.toEpochMilli();
    for (Trial t : trials.values()) {
      t.reportedAtMs = Math.max(t.reportedAtMs, nowMs);
    }
    for (Worker w : workers.values()) {
      if (w.lastSeen == null || !w.heard && w.lastSeen.isBefore(now)) {
        w.lastSeen = now;
        w.alive = true;
      }
    }
  }

  /**
   * The orchestrator heard nothing from the fleet, not even its own heartbeat, for {@code silence}: the broker or
   * the link to it was down. That silence says nothing about the workers, so it does not count against their
   * leases: every live worker's lease and every placed trial's last report move forward by it.
   */
  public void fleetUnheard(Duration silence) {
    long ms = silence.toMillis();
    if (ms <= 0) {
      return;
    }
    for (Worker w : workers.values()) {
      if (w.alive && w.lastSeen != null) {
        w.lastSeen = w.lastSeen.plusMillis(ms);
      }
    }
    for (Trial t : trials.values()) {
      if (t.state.placed()) {
        t.reportedAtMs += ms;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Decisions

  /**
   * Decides what to do now: requeue or fail the trials of workers whose lease expired, retry trials whose worker
   * reported a failure, revoke zombies, and place waiting trials.
   */
  public List<Decision> tick(Instant now) {
    List<Decision> decisions = new ArrayList<>(revocations);
    revocations.clear();
    expireLeases(now, decisions);
    retry(decisions);
    place(now, decisions);
    return decisions;
  }

  private void expireLeases(Instant now, List<Decision> out) {
    long nowMs = now.toEpochMilli();
    long leaseMs = config.leaseTimeout().toMillis();
    for (Worker w : workers.values()) {
      if (w.alive && w.lastSeen != null && nowMs - w.lastSeen.toEpochMilli() > leaseMs) {
        unindex(w);
        if (w.heard && w.trainer()) {
          fleetGpus -= w.gpus.length;
        }
        w.alive = false;
      }
      // A live worker's trials can only become unreported when a heartbeat arrived since the last check.
      if (w.trials.isEmpty() || w.alive && !(w.heard && w.trainer() && w.heartbeatUnchecked)) {
        continue;
      }
      w.heartbeatUnchecked = false;
      for (String id : List.copyOf(w.trials)) {
        Trial t = trials.get(id);
        if (t.inFlight() || !t.state.placed()) {
          continue;
        }
        String why;
        if (w.alive) {
          // A live trainer that kept heartbeating for a whole lease without listing the trial lost it (it
          // restarted, or never got the assignment). Measured to its last heartbeat, so a worker that dies just
          // after an assignment is handled by its lease alone and loses one attempt, not two.
          long unreported = w.lastSeen.toEpochMilli() - t.reportedAtMs;
          if (unreported <= leaseMs) {
            continue;
          }
          why = "worker " + w.id + " has not reported the trial for " + unreported / 1000 + " s (lease "
              + config.leaseTimeout().toSeconds() + " s) during attempt " + t.attempt;
        } else {
          long silent = w.lastSeen == null ? 0 : Duration.between(w.lastSeen, now).toSeconds();
          why = "worker " + w.id + " silent for " + silent + " s (lease " + config.leaseTimeout().toSeconds()
              + " s) during attempt " + t.attempt;
        }
        if (t.losses + 1 >= t.maxAttempts) {
          t.expected.add("TrialFailed@" + t.attempt);
          out.add(new Decision.Fail(t.id, t.experimentId, t.attempt,
              "lost " + t.maxAttempts + " of " + t.maxAttempts + " attempts; last: " + why, t.lastCheckpoint));
        } else {
          t.expected.add("TrialRequeued@" + t.attempt);
          out.add(new Decision.Requeue(t.id, t.experimentId, t.attempt, t.attempt + 1, "lease expired: " + why,
              t.lastCheckpoint, w.id));
        }
      }
    }
  }

  private void retry(List<Decision> out) {
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

  /** A (GPUs, memory) request that found no room in this tick; a request at least as large will not either. */
  private record Shape(int gpus, long memoryMb) {
    boolean covers(Trial t) {
      return t.gpus >= gpus && t.memoryMb >= memoryMb;
    }
  }

  private record Candidate(Experiment experiment, Iterator<Trial> queue, Trial head, boolean starving, long rank) {}

  private void place(Instant now, List<Decision> out) {
    List<Shape> full = new ArrayList<>();
    boolean cpuFull = false;
    PriorityQueue<Candidate> heap = new PriorityQueue<>(RANK);
    long nowMs = now.toEpochMilli();
    for (Experiment x : experiments.values()) {
      if (x.state == ExperimentState.ACTIVE && !x.waiting.isEmpty() && x.active < x.maxConcurrent) {
        Candidate c = next(x, x.waiting.iterator(), nowMs, full, cpuFull);
        if (c != null) {
          heap.add(c);
        }
      }
    }
    while (!heap.isEmpty()) {
      Candidate c = heap.poll();
      Experiment x = c.experiment();
      Trial t = c.head();
      boolean onCpu = t.gpus == 0 || fleetGpus == 0;
      boolean skip = onCpu ? cpuFull : covered(full, t);
      Decision.Assign assign = skip ? null : tryPlace(t, onCpu);
      if (assign != null) {
        out.add(assign);
      } else {
        if (onCpu) {
          cpuFull = true;
        } else if (!skip) {
          full.add(new Shape(t.gpus, t.memoryMb));
        }
        if (c.starving() && couldEverFit(t, onCpu)) {
          return; // reserve the fleet for the starving trial: nothing ranked after it is placed
        }
      }
      if (x.active < x.maxConcurrent) {
        Candidate more = next(x, c.queue(), nowMs, full, cpuFull);
        if (more != null) {
          heap.add(more);
        }
      }
    }
  }

  private static boolean covered(List<Shape> full, Trial t) {
    for (int i = 0; i < full.size(); i++) {
      if (full.get(i).covers(t)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The next trial of an experiment's queue that may be placed: not in flight, and not of a shape that already
   * found no room in this round (those are skipped here, without going through the heap).
   */
  private Candidate next(Experiment x, Iterator<Trial> queue, long nowMs, List<Shape> full, boolean cpuFull) {
    long agingMs = config.agingStep().toMillis();
    long starvingMs = config.starvationAfter().toMillis();
    while (queue.hasNext()) {
      Trial t = queue.next();
      if (t.inFlight() || t.retryPending) {
        continue;
      }
      boolean onCpu = t.gpus == 0 || fleetGpus == 0;
      long waited = nowMs - t.waitingSinceMs;
      boolean starving = waited >= starvingMs;
      if (!starving && (onCpu ? cpuFull : covered(full, t))) {
        continue;
      }
      return new Candidate(x, queue, t, starving, t.priority + Math.max(0, waited / agingMs));
    }
    return null;
  }

  private Decision.Assign tryPlace(Trial t, boolean onCpu) {
    Worker target = null;
    List<Integer> gpus = List.of();
    if (onCpu) {
      target = cpuSlot();
    } else if (t.gpus == 1) {
      probe.totalMb = t.memoryMb;
      Worker.Gpu fit = gpuIndex.ceiling(probe);
      if (fit != null) {
        target = fit.worker;
        gpus = List.of(fit.index);
      }
    } else {
      // Gang: walk the GPUs that fit from the smallest free memory up; the first worker to gather t.gpus of them
      // holds the tightest set (best fit), all on one host.
      probe.totalMb = t.memoryMb;
      long round = ++gangRound;
      for (Worker.Gpu g : gpuIndex.tailSet(probe, true)) {
        Worker w = g.worker;
        if (w.gpus.length < t.gpus) {
          continue;
        }
        if (w.gangRound != round) {
          w.gangRound = round;
          w.gangCount = 0;
        }
        if (++w.gangCount == t.gpus) {
          target = w;
          gpus = Arrays.stream(w.gpus).filter(x -> x.freeMb() >= t.memoryMb).sorted(BY_FREE).limit(t.gpus)
              .map(x -> x.index).sorted().toList();
          break;
        }
      }
    }
    if (target == null) {
      return null;
    }
    int attempt = Math.max(1, t.attempt);
    reserve(t, target.id, gpus);
    t.expected.add("TrialAssigned@" + attempt);
    return new Decision.Assign(t.id, t.experimentId, attempt, target.id, gpus, t.lastCheckpoint, t.spec);
  }

  private Worker cpuSlot() {
    Worker best = null;
    for (Worker w : workers.values()) {
      if (!w.schedulable() || w.slots <= 0) {
        continue;
      }
      // Prefer workers without GPUs, then the fullest (best fit of slots).
      if (best == null || rankCpu(w) < rankCpu(best)) {
        best = w;
      }
    }
    return best;
  }

  private static long rankCpu(Worker w) {
    return (w.gpus.length > 0 ? 1L << 40 : 0) + (w.slots - w.trials.size());
  }

  private boolean couldEverFit(Trial t, boolean onCpu) {
    for (Worker w : workers.values()) {
      if (!w.alive || !w.heard || !w.trainer()) {
        continue;
      }
      if (onCpu ? w.slots > 0 : Arrays.stream(w.gpus).filter(g -> g.totalMb >= t.memoryMb).count() >= t.gpus) {
        return true;
      }
    }
    return false;
  }

  /** Cancels every unfinished trial of an experiment (revoking the placed ones). */
  public List<Decision> cancel(String experimentId, String reason) {
    List<Decision> out = new ArrayList<>();
    for (Trial t : experiment0(experimentId).trials) {
      int attempt = latestAttempt(t);
      if (t.state.terminal() || t.expected.contains("TrialCancelled@" + attempt)) {
        continue;
      }
      t.expected.add("TrialCancelled@" + attempt);
      out.add(new Decision.Cancel(t.id, t.experimentId, attempt, false, reason, t.workerId));
    }
    return out;
  }

  /** Pauses every waiting or placed trial of an experiment (revoking the placed ones). */
  public List<Decision> pause(String experimentId, String reason) {
    List<Decision> out = new ArrayList<>();
    for (Trial t : experiment0(experimentId).trials) {
      int attempt = latestAttempt(t);
      if (t.state.terminal() || t.state == TrialState.PAUSED || t.expected.contains("TrialCancelled@" + attempt)) {
        continue;
      }
      t.expected.add("TrialCancelled@" + attempt);
      out.add(new Decision.Cancel(t.id, t.experimentId, attempt, true, reason, t.workerId));
    }
    return out;
  }

  /** The trial's attempt once the decisions in flight are written: an assignment in flight starts a new one. */
  private static int latestAttempt(Trial t) {
    int attempt = t.attempt;
    for (String e : t.expected) {
      if (e.startsWith("TrialAssigned@")) {
        attempt = Math.max(attempt, Integer.parseInt(e.substring("TrialAssigned@".length())));
      }
    }
    return attempt;
  }

  /** Requeues the paused trials of an experiment; each resumes from its last checkpoint as a new attempt. */
  public List<Decision> resume(String experimentId) {
    List<Decision> out = new ArrayList<>();
    for (Trial t : experiment0(experimentId).trials) {
      if (t.state != TrialState.PAUSED || t.inFlight()) {
        continue;
      }
      t.expected.add("TrialRequeued@" + t.attempt);
      out.add(new Decision.Requeue(t.id, t.experimentId, t.attempt, t.attempt + 1, "resume", t.lastCheckpoint,
          null));
    }
    return out;
  }

  /**
   * Forgets the expectations of decisions whose events were never written (the transaction failed), so they can
   * be decided again, and gives back the capacity reserved for assignments among them.
   */
  public void abandon(List<Decision> decisions) {
    for (Decision d : decisions) {
      Trial t = trials.get(d.trialId());
      if (t == null) {
        continue;
      }
      String type = d.trialEventType();
      if (type != null && t.expected.remove(type + "@" + d.attempt()) && d instanceof Decision.Assign
          && !t.state.placed()) {
        release(t);
      }
    }
  }

  /**
   * Removes an experiment whose submission was applied ahead of its write and then not written (the transaction
   * aborted): its trials and any capacity reserved for them are gone.
   */
  public void forget(String experimentId) {
    Experiment x = experiments.remove(experimentId);
    if (x == null) {
      return;
    }
    experiments.put(experimentId, x); // release() needs the experiment
    for (Trial t : x.trials) {
      release(t);
      trials.remove(t.id);
      retries.remove(t.id);
    }
    experiments.remove(experimentId);
    if (x.idempotencyKey != null) {
      experimentsByKey.remove(x.idempotencyKey, experimentId);
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Capacity

  private void reserve(Trial t, String workerId, List<Integer> gpuIndices) {
    if (workerId.equals(t.workerId) && gpuIndices.equals(t.gpuIndices)) {
      return;
    }
    release(t);
    Worker w = workers.computeIfAbsent(workerId, Worker::new);
    unindex(w);
    w.trials.add(t.id);
    for (int index : gpuIndices) {
      Worker.Gpu g = w.gpu(index);
      if (g != null) {
        g.allocatedMb += t.memoryMb;
      }
    }
    index(w);
    t.workerId = workerId;
    t.gpuIndices = List.copyOf(gpuIndices);
    Experiment x = experiments.get(t.experimentId);
    x.active++;
    x.activeUnits += t.units();
  }

  private void release(Trial t) {
    if (t.workerId == null) {
      return;
    }
    Worker w = workers.get(t.workerId);
    unindex(w);
    w.trials.remove(t.id);
    for (int index : t.gpuIndices) {
      Worker.Gpu g = w.gpu(index);
      if (g != null) {
        g.allocatedMb -= t.memoryMb;
      }
    }
    index(w);
    t.workerId = null;
    t.gpuIndices = List.of();
    Experiment x = experiments.get(t.experimentId);
    x.active--;
    x.activeUnits -= t.units();
  }

  /** Must precede any change to a worker's capacity or schedulability: the index is ordered by free memory. */
  private void unindex(Worker w) {
    for (Worker.Gpu g : w.gpus) {
      gpuIndex.remove(g);
    }
  }

  private void index(Worker w) {
    if (!w.schedulable()) {
      return;
    }
    for (Worker.Gpu g : w.gpus) {
      if (g.freeMb() > 0) {
        gpuIndex.add(g);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Reads

  /** The experiment an idempotency key created, if any. */
  public Optional<String> experimentForKey(String idempotencyKey) {
    return Optional.ofNullable(experimentsByKey.get(idempotencyKey));
  }

  /** Whether the experiment is known. */
  public boolean hasExperiment(String experimentId) {
    Experiment x = experiments.get(experimentId);
    return x != null && x.submittedAt != null;
  }

  public Optional<ExperimentView> experiment(String experimentId) {
    return hasExperiment(experimentId) ? Optional.of(view(experiments.get(experimentId))) : Optional.empty();
  }

  /** Every experiment, oldest first. */
  public List<ExperimentView> experiments() {
    return experiments.values().stream().filter(x -> x.submittedAt != null).map(this::view).toList();
  }

  public Optional<TrialView> trial(String trialId) {
    Trial t = trials.get(trialId);
    return t == null ? Optional.empty() : Optional.of(t.view());
  }

  /** The trials of an experiment in index order. */
  public List<TrialView> trialsOf(String experimentId) {
    Experiment x = experiments.get(experimentId);
    if (x == null) {
      return List.of();
    }
    return x.trials.stream().sorted(Comparator.comparingInt(t -> t.index)).map(Trial::view).toList();
  }

  /** The fleet registry. */
  public List<WorkerView> fleet() {
    return workers.values().stream().filter(w -> w.heard).map(w -> new WorkerView(w.id, w.kind, w.host,
        w.endpoint, w.slots, w.lastSeen, w.alive,
        Arrays.stream(w.gpus).map(g -> new WorkerView.Gpu(g.index, g.name, g.totalMb, g.allocatedMb,
            g.reportedFreeMb, g.utilisation)).toList(),
        List.copyOf(w.trials))).toList();
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
    int live = 0;
    int gpus = 0;
    long total = 0;
    long allocated = 0;
    int placed = 0;
    for (Worker w : workers.values()) {
      if (w.alive && w.heard && w.trainer()) {
        live++;
        gpus += w.gpus.length;
        for (Worker.Gpu g : w.gpus) {
          total += g.totalMb;
          allocated += g.allocatedMb;
        }
        placed += w.trials.size();
      }
    }
    int waiting = 0;
    for (Experiment x : experiments.values()) {
      waiting += x.waiting.size();
    }
    return new Stats(live, gpus, total, allocated, placed, waiting);
  }

  private Experiment experiment0(String experimentId) {
    Experiment x = experiments.get(experimentId);
    if (x == null || x.submittedAt == null) {
      throw new IllegalArgumentException("Unknown experiment " + experimentId);
    }
    return x;
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
