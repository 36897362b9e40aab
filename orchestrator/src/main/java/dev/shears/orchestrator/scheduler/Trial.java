package dev.shears.orchestrator.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The scheduler's mutable record of one trial. Confined to the {@link Scheduler} that owns it. */
final class Trial {
  final String id;
  final String experimentId;
  /** Its experiment, whose share of the fleet this trial's placement counts towards. */
  final Experiment experiment;
  final int index;
  final long createdSeq;
  JsonNode spec;
  int gpus;
  long memoryMb;
  double gpuMemoryGb;
  int priority;
  int maxAttempts;

  TrialState state = TrialState.PENDING;
  int attempt;
  int losses;
  long workerSeq = -1;
  Instant waitingSince;
  long waitingSinceMs;
  /** When its worker last listed it as running (or when it was placed): a live worker must keep listing it. */
  long reportedAtMs;
  Instant updatedAt;
  String reason;
  String stage;
  long step;
  String lastCheckpoint;
  long lastCheckpointStep = -1;
  /** The metric at each rung it reached, in rung order. */
  final List<Double> rungValues = new ArrayList<>(2);
  /** Early stopping's verdict on it, still to be written as a TrialStopped; null while it may go on. */
  EarlyStopping.Verdict stopVerdict;
  /** The attempt a user's retry started from scratch: checkpoints of earlier attempts are no resume point. */
  int freshFrom;
  /** A worker-reported failure that still needs its requeue decision. */
  boolean retryPending;

  /** The worker whose capacity this trial holds (placed, or an assignment in flight), or null. */
  String workerId;
  List<Integer> gpuIndices = List.of();
  /** Events this scheduler decided and expects back from the log, as "Type@attempt". */
  final List<String> expected = new ArrayList<>(2);

  Trial(String id, Experiment experiment, int index, long createdSeq) {
    this.id = id;
    this.experimentId = experiment.id;
    this.experiment = experiment;
    this.index = index;
    this.createdSeq = createdSeq;
  }

  boolean inFlight() {
    return !expected.isEmpty();
  }

  /** Units of fair share: GPUs held, or one CPU slot. */
  int units() {
    return Math.max(1, gpus);
  }

  TrialView view() {
    return new TrialView(id, experimentId, index, state, attempt, losses, state.placed() ? workerId : null,
        state.placed() ? gpuIndices : List.of(), lastCheckpoint, reason, stage, step, gpus, gpuMemoryGb, priority,
        spec, updatedAt);
  }
}
