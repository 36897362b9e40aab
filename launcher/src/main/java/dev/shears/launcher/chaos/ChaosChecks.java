package dev.shears.launcher.chaos;

import dev.shears.events.CheckpointKind;
import dev.shears.events.CheckpointWritten;
import dev.shears.events.Envelope;
import dev.shears.events.EvaluationCompleted;
import dev.shears.events.EvaluationFailed;
import dev.shears.events.LossEvent;
import dev.shears.events.SequenceFence;
import dev.shears.events.Topics;
import dev.shears.events.TrialAssigned;
import dev.shears.events.TrialCancelled;
import dev.shears.events.TrialCreated;
import dev.shears.events.TrialFailed;
import dev.shears.events.TrialRequeued;
import dev.shears.events.TrialStarted;
import dev.shears.events.TrialSucceeded;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a sweep's event log says about its correctness, computed from the records of every topic as consumed from
 * the beginning. Pure: no I/O, clock or threads.
 *
 * <p>Per trial, the <em>winning telemetry</em> is what a consumer that fences old attempts keeps: each attempt's
 * loss steps up to (excluding) the step the next attempt resumed from, then the next attempt's. It must run from
 * step 0 to the trial's last step with no gap and no repeated step.
 */
public final class ChaosChecks {
  /** Worker events carry seq &gt;= 1 on these topics; the orchestrator's own events carry seq 0. */
  private static final Set<String> WORKER_TOPICS = Set.of(Topics.TRIALS, Topics.TELEMETRY, Topics.CHECKPOINTS);

  private ChaosChecks() {}

  /** One named check and what it found. */
  public record Check(String name, boolean passed, String detail) {}

  /**
   * One trial as the log tells it.
   *
   * @param trialId the trial
   * @param index its index in the sweep (matches trials across runs of the same spec)
   * @param state SUCCEEDED, FAILED, CANCELLED, or INCOMPLETE when no attempt ended it
   * @param attempts attempts assigned
   * @param resumedFrom for each attempt after the first that trained, the step it resumed from
   * @param redoneSteps loss steps an attempt ran past the point its successor resumed from
   * @param winningSteps the winning telemetry's steps
   * @param losses total loss by step, from the winning telemetry
   * @param exportSha256 the digest of the winning attempt's export, or null
   */
  public record TrialFacts(String trialId, int index, String state, int attempts, List<Long> resumedFrom,
      long redoneSteps, List<Long> winningSteps, Map<Long, Double> losses, String exportSha256) {

    /** The last step of the winning telemetry, or -1. */
    public long lastStep() {
      return winningSteps.isEmpty() ? -1 : winningSteps.get(winningSteps.size() - 1);
    }
  }

  /**
   * The whole verdict on one run.
   *
   * @param trials facts by trial id, in creation order
   * @param checks every check, passed or not
   * @param eventsPerTopic records consumed per topic
   * @param duplicatesDropped worker events a (trialId, attempt, seq) fence drops as already seen
   * @param fencedDropped worker events a fence drops as belonging to an older attempt than one already seen
   * @param lost worker events missing from attempts whose process was not killed (seq gaps), plus references
   *     (resume checkpoints, exports) to events that are not in the log
   * @param unsentAtKill seq gaps in attempts whose worker was SIGKILLed: events still in its producer's buffer
   * @param evaluations EvaluationCompleted records
   */
  public record Analysis(Map<String, TrialFacts> trials, List<Check> checks, Map<String, Integer> eventsPerTopic,
      int duplicatesDropped, int fencedDropped, int lost, int unsentAtKill, int evaluations) {

    /** Whether every check passed. */
    public boolean passed() {
      return checks.stream().allMatch(Check::passed);
    }

    /** The first failed check, if any. */
    public java.util.Optional<Check> firstFailure() {
      return checks.stream().filter(c -> !c.passed()).findFirst();
    }
  }

  /** A record as consumed: its topic and decoded envelope. */
  public record Consumed(String topic, Envelope envelope) {}

  /**
   * Analyses one run.
   *
   * @param records every record of every topic, in the order consumed (per partition, the order written)
   * @param expectedTrials trials the sweep should have
   * @param killedWorkers workers that were SIGKILLed, whose attempts may lose their unsent tail
   */
  public static Analysis analyse(List<Consumed> records, int expectedTrials, Set<String> killedWorkers) {
    Map<String, Integer> perTopic = new TreeMap<>();
    Map<String, TrialLog> logs = new LinkedHashMap<>();
    Map<String, SequenceFence> fences = new HashMap<>();
    int duplicates = 0;
    int fenced = 0;
    Map<String, Integer> evaluationsByKey = new TreeMap<>();
    Map<String, String> failedEvaluations = new TreeMap<>();
    int evaluations = 0;
    for (Consumed c : records) {
      perTopic.merge(c.topic(), 1, Integer::sum);
      Envelope e = c.envelope();
      if (e.trialId() == null) {
        continue;
      }
      if (e.payload() instanceof EvaluationCompleted done) {
        evaluations++;
        evaluationsByKey.merge(e.trialId() + "/" + done.sha256(), 1, Integer::sum);
        continue;
      }
      if (e.payload() instanceof EvaluationFailed failed) {
        evaluationsByKey.merge(e.trialId() + "/" + failed.sha256(), 1, Integer::sum);
        failedEvaluations.put(e.trialId() + "/" + failed.sha256(), failed.reason());
        continue;
      }
      if (!WORKER_TOPICS.contains(c.topic())) {
        continue;
      }
      TrialLog log = logs.computeIfAbsent(e.trialId(), TrialLog::new);
      if (e.seq() >= 1) {
        SequenceFence.Verdict v = fences.computeIfAbsent(c.topic(), t -> new SequenceFence()).offer(e);
        if (v == SequenceFence.Verdict.DUPLICATE) {
          duplicates++;
        } else if (v == SequenceFence.Verdict.FENCED) {
          fenced++;
        }
      }
      log.add(e);
    }

    List<Check> checks = new ArrayList<>();
    Map<String, TrialFacts> facts = new LinkedHashMap<>();
    List<String> stateProblems = new ArrayList<>();
    List<String> contiguityProblems = new ArrayList<>();
    List<String> resumeProblems = new ArrayList<>();
    List<String> lossProblems = new ArrayList<>();
    List<String> successProblems = new ArrayList<>();
    List<String> evaluationProblems = new ArrayList<>();
    int lost = 0;
    int unsent = 0;
    for (TrialLog log : logs.values()) {
      if (log.index < 0) {
        continue; // events of a trial this log never created: not part of the sweep
      }
      TrialFacts f = log.facts(contiguityProblems, resumeProblems);
      facts.put(f.trialId(), f);
      if (!f.state().equals("SUCCEEDED")) {
        stateProblems.add(f.trialId() + " is " + f.state());
      }
      if (log.successes > 1) {
        successProblems.add(f.trialId() + " succeeded in " + log.successes + " attempts");
      }
      int[] gaps = log.seqGaps(killedWorkers, lossProblems);
      lost += gaps[0];
      unsent += gaps[1];
      lost += log.missingReferences(lossProblems);
      if (f.exportSha256() != null) {
        String key = f.trialId() + "/" + f.exportSha256();
        if (!evaluationsByKey.containsKey(key)) {
          evaluationProblems.add("export " + f.exportSha256() + " of " + f.trialId() + " was never evaluated");
        } else if (failedEvaluations.containsKey(key)) {
          evaluationProblems.add("export of " + f.trialId() + " failed evaluation: " + failedEvaluations.get(key));
        }
      }
    }
    if (facts.size() != expectedTrials) {
      stateProblems.add(0, facts.size() + " trials created, expected " + expectedTrials);
    }
    List<String> twice = evaluationsByKey.entrySet().stream().filter(en -> en.getValue() > 1)
        .map(en -> en.getKey() + " evaluated " + en.getValue() + " times").toList();

    checks.add(check("all-trials-succeeded", stateProblems, facts.size() + " of " + expectedTrials + " succeeded"));
    checks.add(check("one-success-per-trial", successProblems, "each trial succeeded in exactly one attempt"));
    checks.add(check("telemetry-contiguous", contiguityProblems,
        "every trial's loss steps run from 0 to its last step with no gap and no repeat"));
    checks.add(check("resumed-from-checkpoint", resumeProblems,
        "every later attempt resumed from a checkpoint an earlier attempt wrote"));
    checks.add(check("evaluated-once", twice, evaluations + " evaluations, no (trialId, sha256) twice"));
    checks.add(check("exports-evaluated", evaluationProblems, "every winning export has an evaluation"));
    checks.add(check("no-lost-events", lossProblems, "no seq gap in attempts that were not killed; every"
        + " referenced checkpoint and export present"));
    return new Analysis(facts, checks, perTopic, duplicates, fenced, lost, unsent, evaluations);
  }

  /**
   * Whether the attempt of a trainer cut off from the fleet (its lease expired while it might still run) was
   * fenced: the orchestrator requeued the trial past it, a later attempt succeeded, the stale attempt never
   * succeeded, and no export it wrote was evaluated. Its events that still reached Kafka after the requeue are
   * counted; consumers drop them on (trialId, attempt, seq).
   *
   * @param records every record of every topic, in the order consumed
   * @param trialId the trial the cut-off trainer was running
   * @param staleAttempt its attempt
   * @param worker the cut-off trainer
   */
  public static Check staleAttemptFenced(List<Consumed> records, String trialId, int staleAttempt, String worker) {
    String name = "stale-attempt-fenced";
    boolean requeued = false;
    int laterSuccess = 0;
    boolean staleSuccess = false;
    Set<String> staleExports = new TreeSet<>();
    Set<String> evaluated = new TreeSet<>();
    int afterRequeue = 0;
    for (Consumed c : records) {
      Envelope e = c.envelope();
      if (!trialId.equals(e.trialId())) {
        continue;
      }
      Object p = e.payload();
      if (p instanceof TrialRequeued r && e.attempt() == staleAttempt && r.nextAttempt() > staleAttempt) {
        requeued = true;
      } else if (p instanceof TrialSucceeded && e.seq() >= 1) {
        if (e.attempt() == staleAttempt) {
          staleSuccess = true;
        } else if (e.attempt() > staleAttempt) {
          laterSuccess = e.attempt();
        }
      } else if (p instanceof CheckpointWritten w && w.kind() == CheckpointKind.EXPORT && e.attempt() == staleAttempt) {
        staleExports.add(w.sha256());
      } else if (p instanceof EvaluationCompleted done) {
        evaluated.add(done.sha256());
      } else if (p instanceof EvaluationFailed failed) {
        evaluated.add(failed.sha256());
      }
      if (requeued && e.attempt() == staleAttempt && e.seq() >= 1 && c.topic().equals(Topics.TRIALS)) {
        afterRequeue++;
      }
    }
    List<String> problems = new ArrayList<>();
    if (!requeued) {
      problems.add("the orchestrator never requeued attempt " + staleAttempt + " of " + trialId + " after "
          + worker + " was cut off");
    }
    if (laterSuccess == 0) {
      problems.add("no attempt after " + staleAttempt + " of " + trialId + " succeeded");
    }
    if (staleSuccess) {
      problems.add("the stale attempt " + staleAttempt + " of " + trialId + " on " + worker + " reported success");
    }
    staleExports.retainAll(evaluated);
    if (!staleExports.isEmpty()) {
      problems.add("the stale attempt's export " + staleExports + " was evaluated");
    }
    return problems.isEmpty()
        ? new Check(name, true, "attempt " + staleAttempt + " of " + trialId + " on " + worker + " was requeued,"
            + " attempt " + laterSuccess + " succeeded; the stale attempt never succeeded and none of its exports"
            + " was evaluated (" + afterRequeue + " of its events on " + Topics.TRIALS + " came after the requeue)")
        : check(name, problems, "");
  }

  /**
   * Compares a faulted run with a fault-free run of the same spec: trial count, and per sweep index the final
   * state and last step.
   */
  public static Check compare(Analysis baseline, Analysis chaos) {
    List<String> problems = new ArrayList<>();
    if (baseline.trials().size() != chaos.trials().size()) {
      problems.add("baseline has " + baseline.trials().size() + " trials, chaos run " + chaos.trials().size());
    }
    Map<Integer, TrialFacts> base = byIndex(baseline);
    Map<Integer, TrialFacts> run = byIndex(chaos);
    for (Map.Entry<Integer, TrialFacts> e : base.entrySet()) {
      TrialFacts other = run.get(e.getKey());
      if (other == null) {
        problems.add("trial #" + e.getKey() + " is missing from the chaos run");
        continue;
      }
      if (!e.getValue().state().equals(other.state())) {
        problems.add("trial #" + e.getKey() + " is " + other.state() + ", baseline " + e.getValue().state());
      }
      if (e.getValue().lastStep() != other.lastStep()) {
        problems.add("trial #" + e.getKey() + " ended at step " + other.lastStep() + ", baseline "
            + e.getValue().lastStep());
      }
    }
    return check("matches-baseline", problems, chaos.trials().size() + " trials, same states and last steps as"
        + " the fault-free run");
  }

  /**
   * The largest absolute difference of total loss at the same step between a baseline and a chaos run, over
   * trials matched by sweep index; NaN when no step could be compared.
   */
  public static double maxLossDifference(Analysis baseline, Analysis chaos) {
    Map<Integer, TrialFacts> run = byIndex(chaos);
    double max = Double.NaN;
    for (TrialFacts b : baseline.trials().values()) {
      TrialFacts c = run.get(b.index());
      if (c == null) {
        continue;
      }
      for (Map.Entry<Long, Double> e : b.losses().entrySet()) {
        Double other = c.losses().get(e.getKey());
        if (other != null) {
          double d = Math.abs(other - e.getValue());
          max = Double.isNaN(max) ? d : Math.max(max, d);
        }
      }
    }
    return max;
  }

  private static Map<Integer, TrialFacts> byIndex(Analysis a) {
    Map<Integer, TrialFacts> out = new TreeMap<>();
    a.trials().values().forEach(t -> out.put(t.index(), t));
    return out;
  }

  private static Check check(String name, List<String> problems, String ok) {
    if (problems.isEmpty()) {
      return new Check(name, true, ok);
    }
    String shown = String.join("; ", problems.subList(0, Math.min(5, problems.size())));
    return new Check(name, false, problems.size() > 5 ? shown + "; and " + (problems.size() - 5) + " more" : shown);
  }

  /** Everything one trial wrote, by attempt. */
  private static final class TrialLog {
    private final String trialId;
    private int index = -1;
    private int successes;
    /** attempt → (seq → loss) in the order consumed; a repeated seq is a redelivery and kept once. */
    private final TreeMap<Integer, LinkedHashMap<Long, LossEvent>> losses = new TreeMap<>();
    /** attempt → every worker seq seen, with repeats. */
    private final TreeMap<Integer, List<Long>> seqs = new TreeMap<>();
    private final Map<Integer, String> workers = new HashMap<>();
    private final Set<Integer> ended = new TreeSet<>();
    private final Map<Integer, TrialAssigned> assigned = new HashMap<>();
    private final Map<String, CheckpointWritten> checkpoints = new HashMap<>();
    private final Map<String, Integer> checkpointAttempt = new HashMap<>();
    private final Map<Integer, String> exports = new HashMap<>();
    private final Map<Integer, String> exportUris = new HashMap<>();
    private final Map<Integer, TrialSucceeded> succeeded = new HashMap<>();
    private int highestAttempt;
    private boolean failed;
    private boolean cancelled;

    TrialLog(String trialId) {
      this.trialId = trialId;
    }

    void add(Envelope e) {
      int attempt = e.attempt();
      highestAttempt = Math.max(highestAttempt, attempt);
      if (e.seq() >= 1) {
        seqs.computeIfAbsent(attempt, a -> new ArrayList<>()).add(e.seq());
      }
      Object p = e.payload();
      if (p instanceof TrialCreated c) {
        index = c.index();
      } else if (p instanceof TrialAssigned a) {
        assigned.putIfAbsent(attempt, a);
      } else if (p instanceof TrialRequeued r) {
        highestAttempt = Math.max(highestAttempt, r.nextAttempt());
      } else if (p instanceof TrialStarted s) {
        workers.put(attempt, s.workerId());
      } else if (p instanceof LossEvent l) {
        losses.computeIfAbsent(attempt, a -> new LinkedHashMap<>()).putIfAbsent(e.seq(), l);
      } else if (p instanceof CheckpointWritten w) {
        if (w.kind() == CheckpointKind.EXPORT) {
          exports.put(attempt, w.sha256());
          exportUris.put(attempt, w.uri());
        } else {
          checkpoints.putIfAbsent(w.uri(), w);
          checkpointAttempt.putIfAbsent(w.uri(), attempt);
        }
      } else if (p instanceof TrialSucceeded s) {
        if (e.seq() >= 1 && succeeded.putIfAbsent(attempt, s) == null) {
          successes++;
          ended.add(attempt);
        }
      } else if (p instanceof TrialFailed) {
        failed = true;
        if (e.seq() >= 1) {
          ended.add(attempt);
        }
      } else if (p instanceof TrialCancelled c) {
        cancelled = !c.paused();
      }
    }

    TrialFacts facts(List<String> contiguity, List<String> resume) {
      String state = succeeded.containsKey(highestAttempt) ? "SUCCEEDED" : failed ? "FAILED"
          : cancelled ? "CANCELLED" : "INCOMPLETE";
      List<Integer> attempts = new ArrayList<>();
      List<List<Long>> steps = new ArrayList<>();
      for (Map.Entry<Integer, LinkedHashMap<Long, LossEvent>> e : losses.entrySet()) {
        if (!e.getValue().isEmpty()) {
          attempts.add(e.getKey());
          steps.add(e.getValue().values().stream().map(LossEvent::step).toList());
        }
      }
      List<Long> winning = new ArrayList<>();
      Map<Long, Double> winningLoss = new TreeMap<>();
      List<Long> resumedFrom = new ArrayList<>();
      long redone = 0;
      for (int i = 0; i < attempts.size(); i++) {
        long end = i + 1 < attempts.size() ? steps.get(i + 1).get(0) : Long.MAX_VALUE;
        List<LossEvent> events = List.copyOf(losses.get(attempts.get(i)).values());
        for (LossEvent l : events) {
          if (l.step() < end) {
            winning.add(l.step());
            winningLoss.put(l.step(), l.total());
          } else {
            redone++;
          }
        }
        if (i > 0) {
          long start = steps.get(i).get(0);
          resumedFrom.add(start);
          checkResume(attempts.get(i), start, resume);
        }
      }
      for (int i = 0; i < winning.size(); i++) {
        if (winning.get(i) != i) {
          contiguity.add(trialId + ": step " + winning.get(i) + " where " + i + " was due (attempts "
              + attempts + " starting at " + steps.stream().map(s -> s.get(0)).toList() + ")");
          break;
        }
      }
      return new TrialFacts(trialId, index, state, Math.max(highestAttempt, assigned.size()), resumedFrom, redone,
          winning, winningLoss, succeeded.containsKey(highestAttempt) ? exports.get(highestAttempt) : null);
    }

    private void checkResume(int attempt, long start, List<String> problems) {
      TrialAssigned a = assigned.get(attempt);
      String uri = a == null ? null : a.resumeCheckpoint();
      if (start == 0 && uri == null) {
        return; // no checkpoint yet: the attempt starts over
      }
      CheckpointWritten from = uri == null ? null : checkpoints.get(uri);
      if (from == null) {
        problems.add(trialId + " attempt " + attempt + " started at step " + start + " but its assignment names "
            + (uri == null ? "no checkpoint" : "checkpoint " + uri + ", which is not in shears.checkpoints"));
      } else if (from.step() != start || checkpointAttempt.get(uri) >= attempt) {
        problems.add(trialId + " attempt " + attempt + " started at step " + start + " from a checkpoint of step "
            + from.step() + " written by attempt " + checkpointAttempt.get(uri));
      }
    }

    /** [lost, unsent at kill]: seq gaps per attempt, the killed workers' unfinished attempts counted apart. */
    int[] seqGaps(Set<String> killedWorkers, List<String> problems) {
      int lost = 0;
      int unsent = 0;
      for (Map.Entry<Integer, List<Long>> e : seqs.entrySet()) {
        Set<Long> distinct = new TreeSet<>(e.getValue());
        long max = ((TreeSet<Long>) distinct).last();
        int gaps = (int) (max - distinct.size());
        if (gaps == 0) {
          continue;
        }
        boolean killed = killedWorkers.contains(workers.get(e.getKey())) && !ended.contains(e.getKey());
        if (killed) {
          unsent += gaps;
        } else {
          lost += gaps;
          problems.add(trialId + " attempt " + e.getKey() + " misses " + gaps + " of its " + max + " events");
        }
      }
      return new int[] {lost, unsent};
    }

    int missingReferences(List<String> problems) {
      int missing = 0;
      for (Map.Entry<Integer, TrialSucceeded> e : succeeded.entrySet()) {
        String uri = e.getValue().exportUri();
        if (uri != null && !uri.equals(exportUris.get(e.getKey()))) {
          missing++;
          problems.add(trialId + " attempt " + e.getKey() + " succeeded with export " + uri
              + " but no CheckpointWritten{export} names it");
        }
      }
      return missing;
    }
  }
}
