package dev.shears.orchestrator.scheduler;

import java.util.ArrayList;
import java.util.List;

/**
 * What an operator asks of a whole experiment (cancel, pause, resume) or of one trial (cancel, retry). Like every
 * decision, these only mark the events they expect back; the trials change state when those events are applied.
 */
final class Interventions {
  private Interventions() {}

  /** Cancels every unfinished trial of an experiment (revoking the placed ones). */
  static List<Decision> cancel(Experiment x, String reason) {
    List<Decision> out = new ArrayList<>();
    for (Trial t : x.trials) {
      cancel(t, reason, out);
    }
    return out;
  }

  /** Cancels one unfinished trial (revoking it where it is placed); nothing when it is finished or being cancelled. */
  static void cancel(Trial t, String reason, List<Decision> out) {
    int attempt = latestAttempt(t);
    if (t.state.terminal() || t.expected.contains("TrialCancelled@" + attempt)) {
      return;
    }
    t.expected.add("TrialCancelled@" + attempt);
    out.add(new Decision.Cancel(t.id, t.experimentId, attempt, false, reason, t.workerId));
  }

  /**
   * Runs a failed, cancelled or stopped trial again, from its first step, as the attempt after its latest; nothing
   * when it is in any other state or a retry is already in flight.
   */
  static void retry(Trial t, String reason, List<Decision> out) {
    boolean retryable = t.state == TrialState.FAILED || t.state == TrialState.CANCELLED
        || t.state == TrialState.STOPPED;
    if (!retryable || t.inFlight()) {
      return;
    }
    int attempt = latestAttempt(t);
    t.expected.add("TrialRetried@" + attempt);
    out.add(new Decision.Retry(t.id, t.experimentId, attempt, attempt + 1, reason));
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
