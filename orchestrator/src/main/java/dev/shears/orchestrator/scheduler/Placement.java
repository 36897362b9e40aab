package dev.shears.orchestrator.scheduler;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Places waiting trials on the fleet. Trials needing one GPU go best-fit by free GPU memory; multi-GPU trials are
 * placed as a gang on one worker (all or nothing), best fit over workers. Trials with {@code gpus = 0} take a CPU
 * slot; when the live fleet has no GPU at all, every trial takes a CPU slot (the one-machine {@code shears up}
 * case). Among experiments the head trial with the highest effective priority goes first (priority plus one per
 * {@link SchedulerConfig#agingStep()} waited); ties go to the experiment with the smallest weighted share (GPUs
 * held / weight), then to the oldest trial. A trial that waited past {@link SchedulerConfig#starvationAfter()},
 * does not fit now but would fit an idle worker, stops placement of everything after it until it fits.
 */
final class Placement {
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
  private final Fleet fleet;
  private long gangRound;

  Placement(SchedulerConfig config, Fleet fleet) {
    this.config = config;
    this.fleet = fleet;
  }

  /** A (GPUs, memory) request that found no room in this tick; a request at least as large will not either. */
  private record Shape(int gpus, long memoryMb) {
    boolean covers(Trial t) {
      return t.gpus >= gpus && t.memoryMb >= memoryMb;
    }
  }

  private record Candidate(Experiment experiment, Iterator<Trial> queue, Trial head, boolean starving, long rank) {}

  /** Places what fits now, reserving its capacity and marking the assignment it expects back. */
  void place(Iterable<Experiment> experiments, Instant now, List<Decision> out) {
    List<Shape> full = new ArrayList<>();
    boolean cpuFull = false;
    PriorityQueue<Candidate> heap = new PriorityQueue<>(RANK);
    long nowMs = now.toEpochMilli();
    for (Experiment x : experiments) {
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
      boolean onCpu = onCpu(t);
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
        if (c.starving() && fleet.couldEverFit(t, onCpu)) {
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

  private boolean onCpu(Trial t) {
    return t.gpus == 0 || fleet.gpus() == 0;
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
      if (t.inFlight() || t.retryPending || t.stopVerdict != null) {
        continue;
      }
      long waited = nowMs - t.waitingSinceMs;
      boolean starving = waited >= starvingMs;
      if (!starving && (onCpu(t) ? cpuFull : covered(full, t))) {
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
      target = fleet.cpuSlot();
    } else if (t.gpus == 1) {
      Worker.Gpu fit = fleet.bestFit(t.memoryMb);
      if (fit != null) {
        target = fit.worker;
        gpus = List.of(fit.index);
      }
    } else {
      // Gang: walk the GPUs that fit from the smallest free memory up; the first worker to gather t.gpus of them
      // holds the tightest set (best fit), all on one host.
      long round = ++gangRound;
      for (Worker.Gpu g : fleet.fitting(t.memoryMb)) {
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
          gpus = Arrays.stream(w.gpus).filter(x -> x.freeMb() >= t.memoryMb).sorted(Fleet.BY_FREE).limit(t.gpus)
              .map(x -> x.index).sorted().toList();
          break;
        }
      }
    }
    if (target == null) {
      return null;
    }
    int attempt = Math.max(1, t.attempt);
    fleet.reserve(t, target.id, gpus);
    t.expected.add("TrialAssigned@" + attempt);
    return new Decision.Assign(t.id, t.experimentId, attempt, target.id, gpus, t.lastCheckpoint, t.spec);
  }
}
