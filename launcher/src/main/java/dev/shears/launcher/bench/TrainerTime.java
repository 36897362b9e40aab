package dev.shears.launcher.bench;

import dev.shears.events.Envelope;
import dev.shears.events.StageCompleted;
import dev.shears.events.StageStarted;
import dev.shears.events.TrialCheckpointed;
import dev.shears.events.TrialFailed;
import dev.shears.events.TrialStarted;
import dev.shears.events.TrialSucceeded;
import dev.shears.events.ValidationEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each trial of an experiment cost its trainers, read from {@code shears.trials}: for every attempt, the time
 * from its TrialStarted to its trainer's last event (TrialSucceeded, TrialFailed, or the end of the export a trial
 * stopped early makes), less the time it spent fine-tuning the shared teacher, which the first trial of a sweep
 * pays for every trial after it (reported apart). Student steps are counted from the end of the teacher's stage to
 * the start of the export.
 */
final class TrainerTime {
  private static final String TEACHER = "finetune-teacher";
  private static final String EXPORT = "export";

  /**
   * One trial's cost over all its attempts.
   *
   * @param trainer wall time on a trainer, teacher fine-tuning excluded
   * @param teacher wall time spent fine-tuning the teacher (zero when a cached one was reused)
   * @param studentSteps student steps trained before the export (of the last attempt that reached it)
   */
  record Cost(Duration trainer, Duration teacher, long studentSteps) {}

  private TrainerTime() {}

  /** The cost of each trial whose trainer events are in {@code trialsLog} (envelopes of shears.trials), by id. */
  static Map<String, Cost> of(List<Envelope> trialsLog) {
    Map<String, Map<Integer, List<Envelope>>> byAttempt = new LinkedHashMap<>();
    for (Envelope e : trialsLog) {
      if (e.trialId() != null && e.attempt() > 0) {
        byAttempt.computeIfAbsent(e.trialId(), k -> new java.util.TreeMap<>())
            .computeIfAbsent(e.attempt(), k -> new ArrayList<>()).add(e);
      }
    }
    Map<String, Cost> out = new LinkedHashMap<>();
    byAttempt.forEach((trialId, attempts) -> {
      Duration trainer = Duration.ZERO;
      Duration teacher = Duration.ZERO;
      long steps = 0;
      for (List<Envelope> events : attempts.values()) {
        Attempt a = Attempt.of(events);
        if (a.started == null) {
          continue;
        }
        Duration teacherTime = a.teacherStart == null || a.teacherEnd == null ? Duration.ZERO
            : Duration.between(a.teacherStart, a.teacherEnd);
        trainer = trainer.plus(Duration.between(a.started, a.end).minus(teacherTime));
        teacher = teacher.plus(teacherTime);
        if (a.exportStep >= 0) {
          steps = a.exportStep - a.teacherEndStep;
        }
      }
      out.put(trialId, new Cost(trainer, teacher, steps));
    });
    return out;
  }

  /** The moments of one attempt that its cost is read from. */
  private static final class Attempt {
    private Instant started;
    private Instant end;
    private Instant teacherStart;
    private Instant teacherEnd;
    private long teacherEndStep;
    private long exportStep = -1;

    static Attempt of(List<Envelope> events) {
      Attempt a = new Attempt();
      Map<String, Instant> stageStarts = new HashMap<>();
      for (Envelope e : events) {
        if (e.payload() instanceof TrialStarted) {
          a.started = e.ts();
        } else if (e.payload() instanceof StageStarted s) {
          stageStarts.put(s.stage(), e.ts());
          if (s.stage().equals(EXPORT)) {
            a.exportStep = s.step();
          }
        } else if (e.payload() instanceof StageCompleted c && c.stage().equals(TEACHER)) {
          a.teacherStart = stageStarts.get(TEACHER);
          a.teacherEnd = e.ts();
          a.teacherEndStep = c.step();
        }
        if (a.started != null && byTrainer(e) && (a.end == null || e.ts().isAfter(a.end))) {
          a.end = e.ts();
        }
      }
      return a;
    }

    /** Events a trainer writes about its attempt (the orchestrator writes the others). */
    private static boolean byTrainer(Envelope e) {
      Object p = e.payload();
      return p instanceof TrialStarted || p instanceof StageStarted || p instanceof StageCompleted
          || p instanceof TrialCheckpointed || p instanceof ValidationEvent || p instanceof TrialSucceeded
          || p instanceof TrialFailed;
    }
  }
}
