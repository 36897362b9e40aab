package dev.shears.orchestrator.scheduler;

import static dev.shears.orchestrator.scheduler.SchedulerHarness.T0;
import static dev.shears.orchestrator.scheduler.SchedulerHarness.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shears.events.FailureKind;
import dev.shears.events.TrialCheckpointed;
import dev.shears.events.TrialFailed;
import dev.shears.events.TrialStarted;
import dev.shears.events.TrialSucceeded;
import dev.shears.orchestrator.scheduler.SchedulerHarness.Shape;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cancel and retry of one trial, as decisions of the pure core at fixed times. */
class TrialInterventionsTest {
  private static final long GB = 1024;
  private final SchedulerHarness h = new SchedulerHarness();

  private static Instant at(int seconds) {
    return T0.plusSeconds(seconds);
  }

  @Test
  void cancellingOneRunningTrialRevokesItFreesItsGpuForTheNextAndLeavesTheOthers() {
    h.trainer("w", T0, 8 * GB);
    h.submit("a", 2, new Shape(1, 8, 0), T0);
    assertThat(table(h.tick(at(1)))).containsExactly("assign a-0000#1 -> w[0]");
    h.worker("a-0000", 1, 1, new TrialStarted("w"), at(2));

    List<Decision> cancel = h.scheduler.cancelTrial("a-0000", "user");
    assertThat(table(cancel)).containsExactly("cancel a-0000#1 revoke w");
    assertThat(h.scheduler.cancelTrial("a-0000", "again")).as("a cancel in flight is not repeated").isEmpty();
    h.commit(cancel, at(3));

    assertThat(h.scheduler.trial("a-0000").orElseThrow().state()).isEqualTo(TrialState.CANCELLED);
    assertThat(table(h.tick(at(4)))).containsExactly("assign a-0001#1 -> w[0]");
    assertThat(h.scheduler.trial("a-0001").orElseThrow().state()).isEqualTo(TrialState.ASSIGNED);
    assertThat(h.scheduler.cancelTrial("a-0000", "again")).as("a finished trial is not cancelled").isEmpty();
  }

  @Test
  void retryingAFailedTrialRunsItAgainFromItsFirstStepAndFencesTheOldAttempt() {
    h.trainer("w", T0, 8 * GB);
    h.submit("a", 1, new Shape(1, 8, 0), T0);
    h.tick(at(1));
    h.worker("a-0000", 1, 1, new TrialCheckpointed("prune-encoder", 50, "file:/ck/50", "x"), at(2));
    h.worker("a-0000", 1, 2, new TrialFailed("bad data", 60L, "file:/ck/50", FailureKind.CONFIGURATION), at(3));
    assertThat(h.scheduler.trial("a-0000").orElseThrow().state()).isEqualTo(TrialState.FAILED);
    assertThat(h.tick(at(4))).isEmpty();

    List<Decision> retry = h.scheduler.retryTrial("a-0000", "user");
    assertThat(table(retry)).containsExactly("retry a-0000#1 as #2");
    assertThat(h.scheduler.retryTrial("a-0000", "again")).as("a retry in flight is not repeated").isEmpty();
    h.commit(retry, at(5));

    TrialView requeued = h.scheduler.trial("a-0000").orElseThrow();
    assertThat(requeued.state()).isEqualTo(TrialState.REQUEUED);
    assertThat(requeued.attempt()).isEqualTo(2);
    // From the first step: the failed attempt's checkpoint is no resume point.
    assertThat(table(h.tick(at(6)))).containsExactly("assign a-0000#2 -> w[0]");
    h.worker("a-0000", 1, 3, new TrialSucceeded("file:/old", Map.of()), at(7));
    assertThat(h.scheduler.trial("a-0000").orElseThrow().state()).as("the old attempt is fenced")
        .isEqualTo(TrialState.ASSIGNED);
    h.worker("a-0000", 2, 1, new TrialSucceeded("file:/new", Map.of()), at(8));
    assertThat(h.scheduler.trial("a-0000").orElseThrow().state()).isEqualTo(TrialState.SUCCEEDED);

    Scheduler replayed = h.replay(SchedulerConfig.DEFAULT);
    assertThat(replayed.trial("a-0000").orElseThrow()).isEqualTo(h.scheduler.trial("a-0000").orElseThrow());
  }

  @Test
  void aCancelledTrialCanBeRetriedButRunningAndSucceededTrialsCannot() {
    h.trainer("w", T0, 8 * GB);
    h.submit("a", 2, new Shape(1, 8, 0), T0);
    h.tick(at(1));
    assertThat(h.scheduler.retryTrial("a-0000", "user")).as("assigned").isEmpty();
    assertThat(h.scheduler.retryTrial("a-0001", "user")).as("pending").isEmpty();
    h.worker("a-0000", 1, 1, new TrialSucceeded("file:/x", Map.of()), at(2));
    assertThat(h.scheduler.retryTrial("a-0000", "user")).as("succeeded").isEmpty();

    h.commit(h.scheduler.cancelTrial("a-0001", "user"), at(3));
    assertThat(table(h.scheduler.retryTrial("a-0001", "user"))).containsExactly("retry a-0001#0 as #1");
    assertThatThrownBy(() -> h.scheduler.retryTrial("nope", "user")).hasMessage("Unknown trial nope");
  }
}
