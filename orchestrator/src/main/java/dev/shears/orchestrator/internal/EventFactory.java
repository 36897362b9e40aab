package dev.shears.orchestrator.internal;

import dev.shears.events.Assignment;
import dev.shears.events.Envelope;
import dev.shears.events.ExperimentSubmitted;
import dev.shears.events.Revocation;
import dev.shears.events.TrialAssigned;
import dev.shears.events.TrialCancelled;
import dev.shears.events.TrialCreated;
import dev.shears.events.TrialFailed;
import dev.shears.events.TrialRequeued;
import dev.shears.events.TrialRetried;
import dev.shears.events.TrialStopped;
import dev.shears.orchestrator.scheduler.Decision;
import dev.shears.spec.ExperimentPlan;
import dev.shears.spec.TrialPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The events that carry out scheduler decisions and submissions. The orchestrator's own events carry seq 0: they
 * are applied by state (attempt and type), while workers' events are deduplicated by seq.
 */
public final class EventFactory {
  private EventFactory() {}

  /** The id of trial {@code index} of an experiment. */
  public static String trialId(String experimentId, int index) {
    return experimentId + "-" + String.format(Locale.ROOT, "%04d", index);
  }

  /** ExperimentSubmitted on shears.experiments, then one TrialCreated per trial on shears.trials. */
  public static List<Envelope> submission(String experimentId, ExperimentPlan plan, String submittedBy,
      Instant now) {
    List<Envelope> out = new ArrayList<>(plan.trials().size() + 1);
    out.add(Envelope.of(new ExperimentSubmitted(plan.name(), plan.idempotencyKey(), plan.spec(),
        plan.trials().size(), submittedBy), experimentId, null, 0, 0, now));
    for (TrialPlan t : plan.trials()) {
      String trialId = trialId(experimentId, t.index());
      out.add(Envelope.of(new TrialCreated(t.index(), t.specFor(experimentId, trialId), t.gpus(), t.gpuMemoryGb(),
          t.priority(), plan.maxAttempts()), experimentId, trialId, 0, 0, now));
    }
    return out;
  }

  /** The events of one decision, in the order they are written. */
  public static List<Envelope> of(Decision d, Instant now) {
    String x = d.experimentId();
    String t = d.trialId();
    int a = d.attempt();
    if (d instanceof Decision.Assign as) {
      return List.of(
          Envelope.of(new TrialAssigned(as.workerId(), as.gpuIndices(), as.resumeCheckpoint()), x, t, a, 0, now),
          Envelope.of(new Assignment(as.workerId(), as.gpuIndices(), as.spec(), as.resumeCheckpoint()), x, t, a, 0,
              now));
    }
    if (d instanceof Decision.Requeue r) {
      Envelope requeued = Envelope.of(new TrialRequeued(r.reason(), r.nextAttempt(), r.resumeCheckpoint()), x, t, a,
          0, now);
      return r.revokeFrom() == null ? List.of(requeued)
          : List.of(requeued, Envelope.of(new Revocation(r.revokeFrom(), "lease"), x, t, a, 0, now));
    }
    if (d instanceof Decision.Fail f) {
      Envelope failed = Envelope.of(new TrialFailed(f.reason(), null, f.lastCheckpoint()), x, t, a, 0, now);
      return List.of(failed);
    }
    if (d instanceof Decision.Cancel c) {
      Envelope cancelled = Envelope.of(new TrialCancelled(c.reason(), c.paused()), x, t, a, 0, now);
      return c.revokeFrom() == null ? List.of(cancelled)
          : List.of(cancelled, Envelope.of(new Revocation(c.revokeFrom(), c.paused() ? "pause" : "cancel"), x, t, a,
              0, now));
    }
    if (d instanceof Decision.Stop s) {
      Envelope stopped = Envelope.of(new TrialStopped(s.rung(), s.step(), s.reason()), x, t, a, 0, now);
      return s.revokeFrom() == null ? List.of(stopped)
          : List.of(stopped, Envelope.of(new Revocation(s.revokeFrom(), "early-stop"), x, t, a, 0, now));
    }
    if (d instanceof Decision.Retry r) {
      return List.of(Envelope.of(new TrialRetried(r.reason(), r.nextAttempt()), x, t, a, 0, now));
    }
    Decision.Revoke r = (Decision.Revoke) d;
    return List.of(Envelope.of(new Revocation(r.workerId(), r.reason()), x, t, a, 0, now));
  }
}
