package dev.shears.launcher.chaos;

import dev.shears.events.Envelope;
import dev.shears.events.LossEvent;
import dev.shears.events.TrialAssigned;
import dev.shears.events.TrialCheckpointed;
import dev.shears.events.TrialFailed;
import dev.shears.events.TrialStarted;
import dev.shears.events.TrialSucceeded;
import dev.shears.launcher.chaos.ChaosChecks.Consumed;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** What the chaos runs ask of the event log while a sweep runs, to time their faults. Pure. */
final class SweepQueries {
  private SweepQueries() {}

  /** A checkpoint of a running attempt: which trial, attempt, step and worker. */
  record Hit(String trialId, int attempt, long step, String worker) {}

  /**
   * The latest checkpoint, consumed at or after index {@code from}, of an attempt that has not ended and runs on a
   * worker {@code onWorker} accepts.
   */
  static Optional<Hit> checkpointAfter(List<Consumed> records, int from, Predicate<TrialCheckpointed> which,
      Predicate<String> onWorker) {
    Map<String, String> workers = new HashMap<>();
    Map<String, Boolean> ended = new HashMap<>();
    Hit found = null;
    for (int i = 0; i < records.size(); i++) {
      Envelope e = records.get(i).envelope();
      String key = e.trialId() + "#" + e.attempt();
      if (e.payload() instanceof TrialStarted s) {
        workers.put(key, s.workerId());
      } else if (e.payload() instanceof TrialSucceeded || e.payload() instanceof TrialFailed) {
        ended.put(key, true);
      } else if (i >= from && e.payload() instanceof TrialCheckpointed c && which.test(c)) {
        String w = workers.get(key);
        if (w != null && onWorker.test(w)) {
          found = new Hit(e.trialId(), e.attempt(), c.step(), w);
        }
      }
    }
    if (found == null || ended.containsKey(found.trialId() + "#" + found.attempt())) {
      return Optional.empty();
    }
    return Optional.of(found);
  }

  /** The worker an attempt was assigned to. */
  static Optional<String> workerOf(List<Consumed> records, String trialId, int attempt) {
    return records.stream().map(Consumed::envelope)
        .filter(e -> trialId.equals(e.trialId()) && e.attempt() == attempt && e.payload() instanceof TrialAssigned)
        .map(e -> ((TrialAssigned) e.payload()).workerId()).findFirst();
  }

  /** The last loss step an attempt reported, or -1. */
  static long lastStep(List<Consumed> records, String trialId, int attempt) {
    return records.stream().map(Consumed::envelope)
        .filter(e -> trialId.equals(e.trialId()) && e.attempt() == attempt && e.payload() instanceof LossEvent)
        .mapToLong(e -> ((LossEvent) e.payload()).step()).max().orElse(-1);
  }

  /** Whether an attempt at or after {@code attempt} of the trial has reported a loss. */
  static boolean trains(List<Consumed> records, String trialId, int attempt) {
    return records.stream().anyMatch(c -> trialId.equals(c.envelope().trialId())
        && c.envelope().attempt() >= attempt && c.envelope().payload() instanceof LossEvent);
  }
}
