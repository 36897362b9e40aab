package dev.shears.orchestrator.scheduler;

import static dev.shears.orchestrator.scheduler.SchedulerHarness.T0;
import static dev.shears.orchestrator.scheduler.SchedulerHarness.table;
import static org.assertj.core.api.Assertions.assertThat;

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

/** The trial state machine: interventions, replay, fencing and aborted transactions. */
class TrialStateMachineTest {
  private static final long GB = 1024;
  private final SchedulerHarness h = new SchedulerHarness();

  private static Instant at(int seconds) {
    return T0.plusSeconds(seconds);
  }

  @Test
  void pauseRevokesAndResumeRequeuesFromTheCheckpointAndCancelEndsEverything() {
    h.trainer("w", T0, 8 * GB);
    h.submit("a", 2, new Shape(1, 8, 0), T0);
    h.tick(at(1));
    h.worker("a-0000", 1, 1, new TrialCheckpointed("prune-encoder", 50, "file:/ck/50", "x"), at(2));
    List<Decision> pause = h.scheduler.pause("a", "user");
    assertThat(table(pause)).containsExactly("pause a-0000#1 revoke w", "pause a-0001#0");
    h.commit(pause, at(3));
    h.append(dev.shears.events.Envelope.of(new dev.shears.events.ExperimentPaused("user"), "a", null, 0, 0, at(3)));
    assertThat(h.tick(at(4))).isEmpty();
    assertThat(h.scheduler.experiment("a").orElseThrow().state()).isEqualTo(ExperimentState.PAUSED);

    List<Decision> resume = h.scheduler.resume("a");
    assertThat(table(resume)).containsExactly("requeue a-0000#1 as #2 from file:/ck/50", "requeue a-0001#0 as #1");
    h.commit(resume, at(5));
    h.append(dev.shears.events.Envelope.of(new dev.shears.events.ExperimentResumed(), "a", null, 0, 0, at(5)));
    assertThat(table(h.tick(at(6)))).containsExactly("assign a-0000#2 -> w[0] from file:/ck/50");

    List<Decision> cancel = h.scheduler.cancel("a", "user");
    assertThat(table(cancel)).containsExactly("cancel a-0000#2 revoke w", "cancel a-0001#1");
    h.commit(cancel, at(7));
    assertThat(h.scheduler.trialsOf("a")).extracting(TrialView::state).containsOnly(TrialState.CANCELLED);
    assertThat(h.scheduler.stats().memoryAllocatedMb()).isZero();
  }

  @Test
  void replayingTheLogRebuildsTheSameStateAndSchedulesNothingTwice() {
    h.trainer("w1", T0, 24 * GB, 24 * GB);
    h.trainer("w2", T0, 24 * GB);
    h.submit("a", 10, new Shape(1, 12, 0), T0);
    h.submit("b", 3, new Shape(2, 20, 1), T0);
    h.tick(at(1));
    h.worker("a-0000", 1, 1, new TrialStarted("w1"), at(2));
    h.worker("a-0000", 1, 2, new TrialSucceeded(null, Map.of("rouge1", 0.4)), at(3));
    h.tick(at(4));

    Scheduler replayed = h.replay(SchedulerConfig.DEFAULT);
    for (String id : List.of("a", "b")) {
      assertThat(replayed.trialsOf(id)).isEqualTo(h.scheduler.trialsOf(id));
      assertThat(replayed.experiment(id)).isEqualTo(h.scheduler.experiment(id));
    }
    replayed.heartbeat(new dev.shears.events.WorkerHeartbeat("w1", "trainer", "h", List.of(
        new dev.shears.events.GpuInfo(0, "g", 24 * GB, 0, 0), new dev.shears.events.GpuInfo(1, "g", 24 * GB, 0, 0)),
        List.of(), 0, null), at(5));
    replayed.heartbeat(new dev.shears.events.WorkerHeartbeat("w2", "trainer", "h", List.of(
        new dev.shears.events.GpuInfo(0, "g", 24 * GB, 0, 0)), List.of(), 0, null), at(5));
    replayed.recovered(at(5));
    assertThat(replayed.stats()).isEqualTo(h.scheduler.stats());
    assertThat(replayed.tick(at(6))).as("the fleet is as full as before the restart").isEmpty();
  }

  @Test
  void duplicateAndStaleEventsAreIgnored() {
    h.trainer("w", T0, 8 * GB);
    h.submit("a", 1, new Shape(1, 8, 0), T0);
    List<Decision> first = h.tick(at(1));
    h.commit(first, at(1)); // the same events delivered twice
    assertThat(h.scheduler.stats().memoryAllocatedMb()).isEqualTo(8 * GB);
    h.worker("a-0000", 1, 5, new TrialStarted("w"), at(2));
    h.worker("a-0000", 1, 6, new TrialCheckpointed("s", 10, "file:/a", "x"), at(3));
    h.worker("a-0000", 1, 4, new TrialCheckpointed("s", 99, "file:/stale", "x"), at(3));
    assertThat(h.scheduler.trial("a-0000").orElseThrow().lastCheckpoint()).isEqualTo("file:/a");
    h.submit("a", 1, new Shape(1, 8, 0), T0); // a repeated submission changes nothing
    assertThat(h.scheduler.trialsOf("a")).hasSize(1);
  }

  @Test
  void abandonedDecisionsAreDecidedAgain() {
    h.trainer("w", T0, 8 * GB);
    h.submit("a", 1, new Shape(1, 8, 0), T0);
    List<Decision> lost = h.scheduler.tick(at(1));
    assertThat(h.scheduler.tick(at(2))).as("in flight").isEmpty();
    h.scheduler.abandon(lost);
    assertThat(table(h.scheduler.tick(at(3)))).containsExactly("assign a-0000#1 -> w[0]");
  }

  @Test
  void aForgottenSubmissionLeavesNoTrialsAndNoReservedCapacity() {
    h.trainer("w", T0, 8 * GB);
    h.submit("a", 1, Integer.MAX_VALUE, 3, T0, List.of(new Shape(1, 8, 0)));
    List<Decision> decided = h.scheduler.tick(at(1));
    assertThat(decided).hasSize(1);
    h.scheduler.abandon(decided);
    h.scheduler.forget("a");
    assertThat(h.scheduler.experiment("a")).isEmpty();
    assertThat(h.scheduler.trial("a-0000")).isEmpty();
    assertThat(h.scheduler.stats().memoryAllocatedMb()).isZero();
    h.submit("b", 1, new Shape(1, 8, 0), T0);
    assertThat(table(h.tick(at(2)))).containsExactly("assign b-0000#1 -> w[0]");
  }

  @Test
  void cancellingATrialWhoseAssignmentIsInFlightCancelsThatAttempt() {
    h.trainer("w", T0, 8 * GB);
    h.submit("a", 1, new Shape(1, 8, 0), T0);
    List<Decision> assign = h.scheduler.tick(at(1));
    List<Decision> cancel = h.scheduler.cancel("a", "user");
    assertThat(table(cancel)).containsExactly("cancel a-0000#1 revoke w");
    h.commit(assign, at(1));
    h.commit(cancel, at(2));
    assertThat(h.scheduler.trial("a-0000").orElseThrow().state()).isEqualTo(TrialState.CANCELLED);
    assertThat(h.scheduler.stats().memoryAllocatedMb()).isZero();
  }

  @Test
  void aConfigurationErrorFailsTheTrialOnceWithoutUsingUpItsAttempts() {
    h.submit("a", 1, Integer.MAX_VALUE, 3, T0, List.of(new Shape(1, 16, 0), new Shape(1, 16, 0)));
    h.trainer("w1", T0, 16 * GB, 16 * GB);
    assertThat(table(h.tick(at(1)))).containsExactly("assign a-0000#1 -> w1[0]", "assign a-0001#1 -> w1[1]");
    h.worker("a-0000", 1, 1, new TrialFailed("task.dataset: data/missing.jsonl does not exist", null, null,
        FailureKind.CONFIGURATION), at(2));
    h.worker("a-0001", 1, 1, new TrialFailed("worker crashed", null, null), at(2));
    TrialView failed = h.scheduler.trial("a-0000").orElseThrow();
    assertThat(failed.state()).isEqualTo(TrialState.FAILED);
    assertThat(failed.attempt()).isEqualTo(1);
    assertThat(failed.reason()).isEqualTo("task.dataset: data/missing.jsonl does not exist");
    assertThat(h.scheduler.trial("a-0001").orElseThrow().state()).isEqualTo(TrialState.REQUEUED);
    assertThat(table(h.tick(at(3)))).containsExactly("requeue a-0001#1 as #2");
    assertThat(h.replay(SchedulerConfig.DEFAULT).trial("a-0000").orElseThrow().state())
        .isEqualTo(TrialState.FAILED);
  }
}
