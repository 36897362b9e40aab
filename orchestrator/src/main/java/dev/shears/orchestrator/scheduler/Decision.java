package dev.shears.orchestrator.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What the scheduler decided; the orchestrator verticle turns each decision into events (one Kafka transaction
 * per batch) and the scheduler learns the outcome when those events come back from {@code shears.trials}.
 */
public sealed interface Decision {
  /** The trial the decision is about. */
  String trialId();

  /** Its experiment. */
  String experimentId();

  /** The attempt the events are written under. */
  int attempt();

  /** The type of the trial event this decision writes to {@code shears.trials}, or null for none. */
  String trialEventType();

  /** Place {@code attempt} of a trial on a worker: a TrialAssigned and an Assignment. */
  record Assign(String trialId, String experimentId, int attempt, String workerId, List<Integer> gpuIndices,
      String resumeCheckpoint, JsonNode spec) implements Decision {
    @Override
    public String trialEventType() {
      return "TrialAssigned";
    }

    public Assign {
      gpuIndices = List.copyOf(gpuIndices);
    }
  }

  /**
   * Run the trial again as {@code nextAttempt}: a TrialRequeued, and a Revocation to {@code revokeFrom} when the
   * old attempt may still be running there (null otherwise).
   */
  record Requeue(String trialId, String experimentId, int attempt, int nextAttempt, String reason,
      String resumeCheckpoint, String revokeFrom) implements Decision {
    @Override
    public String trialEventType() {
      return "TrialRequeued";
    }
  }

  /** The trial failed for good: a TrialFailed with the reason. */
  record Fail(String trialId, String experimentId, int attempt, String reason, String lastCheckpoint)
      implements Decision {
    @Override
    public String trialEventType() {
      return "TrialFailed";
    }
  }

  /**
   * Stop the trial (cancel or pause): a TrialCancelled, and a Revocation to {@code revokeFrom} when it is placed
   * on a worker (null otherwise).
   */
  record Cancel(String trialId, String experimentId, int attempt, boolean paused, String reason, String revokeFrom)
      implements Decision {
    @Override
    public String trialEventType() {
      return "TrialCancelled";
    }
  }

  /**
   * Early stopping ends the trial at a rung: a TrialStopped, and a Revocation (reason {@code early-stop}) to
   * {@code revokeFrom} when it is placed (null otherwise), so the worker exports what it has.
   */
  record Stop(String trialId, String experimentId, int attempt, int rung, long step, String reason,
      String revokeFrom) implements Decision {
    @Override
    public String trialEventType() {
      return "TrialStopped";
    }
  }

  /**
   * A user asked to run a finished (failed, cancelled or stopped) trial again: a TrialRetried, after which it waits
   * for a placement as {@code nextAttempt}, from its first step.
   */
  record Retry(String trialId, String experimentId, int attempt, int nextAttempt, String reason)
      implements Decision {
    @Override
    public String trialEventType() {
      return "TrialRetried";
    }
  }

  /** A worker runs an attempt it no longer owns (a zombie after a lease loss): a Revocation only. */
  record Revoke(String trialId, String experimentId, int attempt, String workerId, String reason)
      implements Decision {
    @Override
    public String trialEventType() {
      return null;
    }
  }
}
