package dev.shears.orchestrator.internal;

import dev.shears.orchestrator.scheduler.Decision;
import dev.shears.orchestrator.scheduler.ExperimentState;
import dev.shears.orchestrator.scheduler.TrialState;
import dev.shears.orchestrator.scheduler.TrialView;
import io.vertx.core.Future;
import java.util.List;
import java.util.Locale;

/**
 * Cancel or retry one trial: checks that the trial may take the action (errors name the trial, its state and what
 * to do instead), asks the scheduler core for the decision and has the {@link Engine} write it. Confined to the
 * engine's context.
 */
final class TrialActions {
  /** What a user may do to one trial. */
  enum Action {
    CANCEL,
    RETRY
  }

  private final Engine engine;

  TrialActions(Engine engine) {
    this.engine = engine;
  }

  /**
   * Cancels an unfinished trial, or runs a failed, cancelled or stopped one again from its first step. Cancelling
   * a finished trial changes nothing; a retry in flight is not repeated.
   */
  Future<TrialView> run(String trialId, Action action, String reason) {
    if (!engine.recovered()) {
      return Future.failedFuture(new ApiException(503, "$", "the orchestrator is recovering its state; retry"));
    }
    TrialView t = engine.scheduler().trial(trialId).orElse(null);
    if (t == null) {
      return Future.failedFuture(new ApiException(404, "trialId", "unknown trial " + trialId));
    }
    String state = t.state().name().toLowerCase(Locale.ROOT);
    List<Decision> decisions;
    if (action == Action.CANCEL) {
      decisions = engine.scheduler().cancelTrial(trialId, reason);
    } else {
      boolean retryable = t.state() == TrialState.FAILED || t.state() == TrialState.CANCELLED
          || t.state() == TrialState.STOPPED;
      if (!retryable) {
        return Future.failedFuture(new ApiException(409, "trialId", "trial " + trialId + " is " + state
            + "; only a failed, cancelled or stopped trial can be retried"));
      }
      boolean cancelled = engine.scheduler().experiment(t.experimentId())
          .map(x -> x.state() == ExperimentState.CANCELLED).orElse(false);
      if (cancelled) {
        return Future.failedFuture(new ApiException(409, "trialId", "experiment " + t.experimentId()
            + " is cancelled, so its trials cannot run again; clone it as a new spec instead"));
      }
      decisions = engine.scheduler().retryTrial(trialId, reason);
    }
    Future<Void> written = decisions.isEmpty() ? Future.succeededFuture() : engine.carryOut(decisions);
    return written.map(v -> engine.scheduler().trial(trialId).orElseThrow());
  }
}
