package dev.shears.orchestrator.scheduler;

import java.util.ArrayList;
import java.util.List;

/**
 * What an operator asks of a whole experiment: cancel, pause and resume. Like every decision, these only mark the
 * events they expect back; the trials change state when those events are applied.
 */
final class Interventions {
  private Interventions() {}

  /** Cancels every unfinished trial of an experiment (revoking the placed ones). */
  static List<Decision> cancel(Experiment x, String reason) {
    List<Decision> out = new ArrayList<>();
    for (Trial t : x.trials) {
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
  static List<Decision> pause(Experiment x, String reason) {
    List<Decision> out = new ArrayList<>();
    for (Trial t : x.trials) {
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
  static List<Decision> resume(Experiment x) {
    List<Decision> out = new ArrayList<>();
    for (Trial t : x.trials) {
      if (t.state != TrialState.PAUSED || t.inFlight()) {
        continue;
      }
      t.expected.add("TrialRequeued@" + t.attempt);
      out.add(new Decision.Requeue(t.id, t.experimentId, t.attempt, t.attempt + 1, "resume", t.lastCheckpoint,
          null));
    }
    return out;
  }
}
