package dev.shears.dashboard.state;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shears.spec.InvalidSpecException;
import dev.shears.spec.PruningMethods;
import dev.shears.spec.SweepParams;
import dev.shears.dashboard.history.TrialHistory;
import dev.shears.events.EvaluationCompleted;
import dev.shears.report.TrialState;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/** The mutable state of one trial; guarded by {@link DashboardState}'s lock. */
final class TrialRecord {
  static final int MAX_CHECKPOINTS = 50;
  static final int MAX_STAGES = 64;

  final String trialId;
  final TrialHistory history;
  String experimentId;
  int index = -1;
  JsonNode spec;
  String label = "";
  TrialState state = TrialState.UNKNOWN;
  int attempt;
  /** The attempt of the latest TrialFailed, -1 before any. */
  int failedAttempt = -1;
  String workerId;
  String stage;
  Long step;
  Double loss;
  Double expectedSparsity;
  Double target;
  String reason;
  Instant updatedAt;
  final List<StageSpan> stages = new ArrayList<>();
  final Deque<CheckpointView> checkpoints = new ArrayDeque<>();
  EvaluationCompleted evaluation;
  String evaluationError;
  /** When its first attempt was placed: none of its telemetry is older. */
  Instant firstAssignedAt;
  /** The attempt a user's retry started: events of older attempts (curves, evaluations) no longer count. */
  int retriedAt;
  /** The newest attempt whose curves the history holds. */
  int historyAttempt;
  /** Telemetry events its curves were made from (those of a loaded summary included). */
  long telemetryEvents;
  /** Its curves came from a summary on the history topic, not from telemetry. */
  boolean fromSummary;
  /** What the newest summary written or read says, or null when none is known. */
  SummaryKey summarised;

  /** What a summary is a summary of: a summary is written again when any of this changes. */
  record SummaryKey(TrialState state, int attempt, long telemetryEvents, boolean evaluated,
      boolean evaluationFailed) {}

  SummaryKey summaryKey() {
    return new SummaryKey(state, attempt, telemetryEvents, evaluation != null, evaluationError != null);
  }

  /** Whether an event of {@code attempt} belongs to what is shown: false for attempts a user's retry replaced. */
  boolean current(int attemptNo) {
    return attemptNo >= retriedAt;
  }

  /**
   * A user's retry: the trial runs again from its first step as {@code nextAttempt}, so what is shown starts clean
   * (curves, validation results, stage lanes, evaluation); the events of the older attempts stay on their topics.
   */
  void retried(int nextAttempt) {
    retriedAt = Math.max(retriedAt, nextAttempt);
    // The new attempt's own curves may have been read first (topics replay in no common order): keep those.
    if (historyAttempt < retriedAt) {
      history.clear();
      historyAttempt = retriedAt;
      telemetryEvents = 0;
      fromSummary = false;
      stage = null;
      step = null;
      loss = null;
      expectedSparsity = null;
      target = null;
    }
    evaluation = null;
    evaluationError = null;
  }

  TrialRecord(String trialId, String experimentId, TrialHistory history) {
    this.trialId = trialId;
    this.experimentId = experimentId;
    this.history = history;
  }

  void spec(JsonNode spec) {
    this.spec = spec;
    this.label = labelOf(spec);
  }

  void stageStarted(String name, int attemptNo, long startStep, Instant at) {
    for (int i = 0; i < stages.size(); i++) {
      StageSpan s = stages.get(i);
      if (s.stage().equals(name) && s.attempt() == attemptNo) {
        stages.set(i, new StageSpan(name, attemptNo, startStep, at, s.endStep(), s.endedAt(), s.metrics()));
        return;
      }
    }
    if (stages.size() == MAX_STAGES) {
      stages.remove(0);
    }
    stages.add(new StageSpan(name, attemptNo, startStep, at, null, null, Map.of()));
  }

  void stageCompleted(String name, int attemptNo, long endStep, Map<String, Double> metrics, Instant at) {
    for (int i = stages.size() - 1; i >= 0; i--) {
      StageSpan s = stages.get(i);
      if (s.stage().equals(name) && s.attempt() == attemptNo) {
        stages.set(i, new StageSpan(name, attemptNo, s.startStep(), s.startedAt(), endStep, at, metrics));
        return;
      }
    }
    stages.add(new StageSpan(name, attemptNo, endStep, at, endStep, at, metrics));
  }

  void checkpoint(CheckpointView view) {
    for (CheckpointView c : checkpoints) {
      if (c.uri().equals(view.uri()) && c.sha256().equals(view.sha256())) {
        return;
      }
    }
    if (checkpoints.size() == MAX_CHECKPOINTS) {
      checkpoints.removeFirst();
    }
    checkpoints.addLast(view);
  }

  /** The table line; {@code sweptPointers} are the JSON pointers of the fields the experiment sweeps. */
  TrialRow row(List<String> sweptPointers) {
    EvaluationCompleted e = evaluation;
    Map<String, JsonNode> swept = spec == null || sweptPointers.isEmpty() ? Map.of()
        : SweepParams.values(spec, sweptPointers);
    return new TrialRow(trialId, experimentId, index, label, swept, state, attempt, workerId, stage, step, loss,
        expectedSparsity, target, e == null ? Map.of() : e.metrics(), e == null ? null : e.speedup(),
        e == null ? null : e.params(), reason, updatedAt);
  }

  TrialDetail detail(List<String> sweptPointers) {
    int[] shape = history.headShape();
    List<StageSpan> shown = stages.stream().filter(s -> current(s.attempt())).toList();
    return new TrialDetail(row(sweptPointers), spec, shown, List.copyOf(checkpoints), evaluation,
        evaluationError, shape[0], shape[1], history.evicted());
  }

  /** A short name for tables: the method's label from the registry (NASH-3@0.3, CoFi-T5-simplified@0.7) and the seed. */
  static String labelOf(JsonNode spec) {
    if (spec == null || !spec.isObject()) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    try {
      b.append(PruningMethods.methodOf(spec).label());
    } catch (InvalidSpecException e) {
      b.append(spec.path("method").asText("?"));
    }
    JsonNode seed = spec.path("training").path("seed");
    if (!seed.isMissingNode()) {
      b.append(" seed=").append(seed.asText());
    }
    return b.toString();
  }

}
