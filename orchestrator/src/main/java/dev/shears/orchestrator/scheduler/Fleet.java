package dev.shears.orchestrator.scheduler;

import dev.shears.events.GpuInfo;
import dev.shears.events.WorkerHeartbeat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The fleet registry and its leases: workers as their heartbeats describe them, the capacity trials hold on them,
 * and the requeue or failure of trials whose worker's lease expired. Pure and confined like the {@link Scheduler}
 * that owns it.
 */
final class Fleet {
  /** Best-fit order: free memory, then worker id and GPU index for determinism. */
  static final Comparator<Worker.Gpu> BY_FREE = (a, b) -> {
    int c = Long.compare(a.freeMb(), b.freeMb());
    if (c != 0) {
      return c;
    }
    c = a.worker.id.compareTo(b.worker.id);
    return c != 0 ? c : Integer.compare(a.index, b.index);
  };

  private final SchedulerConfig config;
  /** The trials of the state machine, read here to find which ones a worker holds. */
  private final Map<String, Trial> trials;
  private final Map<String, Worker> workers = new TreeMap<>();
  /** GPUs of schedulable workers with free memory, by free memory: the best-fit index. */
  private final TreeSet<Worker.Gpu> gpuIndex = new TreeSet<>(BY_FREE);
  private final List<Decision> revocations = new ArrayList<>();
  /** Search key for the best-fit index: a GPU whose free memory is the request. */
  private final Worker.Gpu probe = new Worker.Gpu(new Worker(""), Integer.MIN_VALUE);
  private int fleetGpus;
  private boolean recovered;

  Fleet(SchedulerConfig config, Map<String, Trial> trials) {
    this.config = config;
    this.trials = trials;
  }

  /** GPUs of live trainers; 0 means every trial takes a CPU slot. */
  int gpus() {
    return fleetGpus;
  }

  Iterable<Worker> workers() {
    return workers.values();
  }

  /** The GPU with the least free memory that still has {@code memoryMb} free, or null. */
  Worker.Gpu bestFit(long memoryMb) {
    probe.totalMb = memoryMb;
    return gpuIndex.ceiling(probe);
  }

  /** The schedulable GPUs with at least {@code memoryMb} free, smallest free memory first. */
  NavigableSet<Worker.Gpu> fitting(long memoryMb) {
    probe.totalMb = memoryMb;
    return gpuIndex.tailSet(probe, true);
  }

  /**
   * Registers a heartbeat: the worker's lease runs from {@code seenAt}, and the trials it runs or holds queued count
   * as reported. A worker that reports a trial it does not own (a zombie after a lease loss, or a cancelled trial)
   * gets a revocation at the next tick.
   */
  void heartbeat(WorkerHeartbeat hb, Instant seenAt) {
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
    // An attempt the worker holds queued is as alive as a running one: it starts when the one before it ends.
    List<String> held = hb.queuedTrials().isEmpty() ? hb.runningTrials()
        : Stream.concat(hb.runningTrials().stream(), hb.queuedTrials().stream()).distinct().toList();
    // Evaluators list the trials whose exports they evaluate, which are over by then: only trainers hold attempts.
    if (recovered && w.trainer()) {
      findZombies(w, held);
    }
    if (w.trainer()) {
      fleetGpus += w.gpus.length;
    }
    index(w);
    long seenAtMs = seenAt.toEpochMilli();
    for (String id : held) {
      Trial t = w.trials.contains(id) ? trials.get(id) : null;
      if (t != null && seenAtMs > t.reportedAtMs) {
        t.reportedAtMs = seenAtMs;
      }
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

  private void findZombies(Worker w, List<String> held) {
    w.revoked.retainAll(held);
    for (String id : held) {
      Trial t = trials.get(id);
      if (t == null || w.trials.contains(id) || t.inFlight() || w.revoked.contains(id)) {
        continue;
      }
      boolean over = t.state.terminal() || t.state == TrialState.PAUSED;
      int attempt = over ? t.attempt : Math.max(0, t.attempt - 1);
      w.revoked.add(id);
      revocations.add(new Decision.Revoke(id, t.experimentId, attempt, w.id, over ? "cancel" : "lease"));
    }
  }

  /** The revocations of zombies found since the last call. */
  List<Decision> takeRevocations() {
    List<Decision> out = List.copyOf(revocations);
    revocations.clear();
    return out;
  }

  /** See {@link Scheduler#recovered(Instant)}. */
  void recovered(Instant now) {
    recovered = true;
    long nowMs = now.toEpochMilli();
    for (Trial t : trials.values()) {
      t.reportedAtMs = Math.max(t.reportedAtMs, nowMs);
    }
    for (Worker w : workers.values()) {
      if (w.lastSeen == null || !w.heard && w.lastSeen.isBefore(now)) {
        w.lastSeen = now;
        w.alive = true;
      } else if (!w.trials.isEmpty() && w.lastSeen.isBefore(now)) {
        // Its last replayed heartbeat is not its last one: the fleet topic is read only partly by the time the logs
        // are, and this orchestrator heard nothing while it was down and recovering. That time is not counted
        // against the lease of a trainer holding trials (as in unheard). An idle one keeps its replayed lease and
        // takes work again at its next heartbeat.
        w.lastSeen = now;
      }
    }
  }

  /** See {@link Scheduler#fleetUnheard(Duration)}. */
  void unheard(Duration silence) {
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

  /** Requeues, or fails after their last attempt, the trials of workers whose lease expired. */
  void expireLeases(Instant now, List<Decision> out) {
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

  /** The CPU slot for a trial: workers without GPUs first, then the fullest (best fit of slots); or null. */
  Worker cpuSlot() {
    Worker best = null;
    for (Worker w : workers.values()) {
      if (!w.schedulable() || w.slots <= 0) {
        continue;
      }
      if (best == null || rankCpu(w) < rankCpu(best)) {
        best = w;
      }
    }
    return best;
  }

  private static long rankCpu(Worker w) {
    return (w.gpus.length > 0 ? 1L << 40 : 0) + (w.slots - w.busySlots());
  }

  /** Whether some live trainer could hold the trial once it is idle. */
  boolean couldEverFit(Trial t, boolean onCpu) {
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

  // ---------------------------------------------------------------------------------------------------------
  // Capacity

  /** Holds capacity for a trial on a worker's GPUs (or a CPU slot), moving it from where it was held before. */
  void reserve(Trial t, String workerId, List<Integer> gpuIndices) {
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
    t.experiment.active++;
    t.experiment.activeUnits += t.units();
  }

  /** Gives back the capacity a trial holds, if any. */
  void release(Trial t) {
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
    t.experiment.active--;
    t.experiment.activeUnits -= t.units();
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

  List<WorkerView> view() {
    return workers.values().stream().filter(w -> w.heard).map(w -> new WorkerView(w.id, w.kind, w.host,
        w.endpoint, w.slots, w.lastSeen, w.alive,
        Arrays.stream(w.gpus).map(g -> new WorkerView.Gpu(g.index, g.name, g.totalMb, g.allocatedMb,
            g.reportedFreeMb, g.utilisation)).toList(),
        List.copyOf(w.trials))).toList();
  }

  /** Capacity totals over live trainers, with {@code waiting} trials. */
  Scheduler.Stats stats(int waiting) {
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
    return new Scheduler.Stats(live, gpus, total, allocated, placed, waiting);
  }
}
