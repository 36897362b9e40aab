package dev.shears.orchestrator.scheduler;

import static dev.shears.orchestrator.scheduler.SchedulerHarness.T0;
import static dev.shears.orchestrator.scheduler.SchedulerHarness.table;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.events.CheckpointKind;
import dev.shears.events.CheckpointWritten;
import dev.shears.events.TrialCheckpointed;
import dev.shears.events.TrialFailed;
import dev.shears.events.TrialStarted;
import dev.shears.events.TrialSucceeded;
import dev.shears.orchestrator.scheduler.SchedulerHarness.Shape;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SchedulerTest {
  private static final long GB = 1024;
  private final SchedulerHarness h = new SchedulerHarness();

  private static Instant at(int seconds) {
    return T0.plusSeconds(seconds);
  }

  @Test
  void singleGpuTrialsGoBestFitByFreeMemory() {
    h.trainer("w16", T0, 16 * GB);
    h.trainer("w24", T0, 24 * GB);
    h.trainer("w40", T0, 40 * GB);
    h.submit("a", 1, Integer.MAX_VALUE, 3, T0, List.of(new Shape(1, 20, 0), new Shape(1, 14, 0),
        new Shape(1, 30, 0), new Shape(1, 10, 0), new Shape(1, 4, 0)));
    assertThat(table(h.tick(at(1)))).containsExactly(
        "assign a-0000#1 -> w24[0]",
        "assign a-0001#1 -> w16[0]",
        "assign a-0002#1 -> w40[0]",
        "assign a-0003#1 -> w40[0]", // 10 GB left on w40 fits exactly
        "assign a-0004#1 -> w24[0]"); // 4 GB left on w24 fits exactly
    Scheduler.Stats stats = h.scheduler.stats();
    assertThat(stats.memoryAllocatedMb()).isEqualTo(78 * GB);
    assertThat(h.scheduler.trial("a-0003").orElseThrow().state()).isEqualTo(TrialState.ASSIGNED);
  }

  @Test
  void trialsShareAGpuByMemoryAndWaitWhenItIsFull() {
    h.trainer("w", T0, 40 * GB);
    h.submit("a", 5, new Shape(1, 10, 0), T0);
    assertThat(table(h.tick(at(1)))).containsExactly(
        "assign a-0000#1 -> w[0]", "assign a-0001#1 -> w[0]", "assign a-0002#1 -> w[0]", "assign a-0003#1 -> w[0]");
    assertThat(h.tick(at(2))).isEmpty();
    h.worker("a-0001", 1, 1, new TrialSucceeded(null, Map.of()), at(3));
    assertThat(table(h.tick(at(4)))).containsExactly("assign a-0004#1 -> w[0]");
  }

  @Test
  void gangTrialsTakeAllTheirGpusOnOneHostOrNothing() {
    h.trainer("big", T0, 80 * GB, 80 * GB);
    h.trainer("wide", T0, 16 * GB, 16 * GB, 16 * GB, 24 * GB, 16 * GB);
    h.submit("a", 1, new Shape(4, 16, 0), T0);
    assertThat(table(h.tick(at(1)))).containsExactly("assign a-0000#1 -> wide[0, 1, 2, 4]");

    SchedulerHarness split = new SchedulerHarness();
    split.trainer("x", T0, 80 * GB, 80 * GB);
    split.trainer("y", T0, 80 * GB, 80 * GB);
    split.submit("a", 1, new Shape(3, 8, 0), T0);
    assertThat(split.tick(at(1))).as("4 GPUs in the fleet but no host has 3").isEmpty();
    assertThat(split.scheduler.stats().memoryAllocatedMb()).isZero();
  }

  @Test
  void gangPlacementPrefersTheTightestHost() {
    h.trainer("loose", T0, 80 * GB, 80 * GB);
    h.trainer("tight", T0, 24 * GB, 24 * GB, 40 * GB);
    h.submit("a", 1, new Shape(2, 20, 0), T0);
    assertThat(table(h.tick(at(1)))).containsExactly("assign a-0000#1 -> tight[0, 1]");
  }

  @Test
  void weightedFairShareSplitsTheFleetBetweenExperiments() {
    h.trainer("w", T0, 8 * GB, 8 * GB, 8 * GB, 8 * GB, 8 * GB, 8 * GB, 8 * GB, 8 * GB);
    h.submit("a", 3, Integer.MAX_VALUE, 3, T0, List.of(new Shape(1, 8, 0), new Shape(1, 8, 0), new Shape(1, 8, 0),
        new Shape(1, 8, 0), new Shape(1, 8, 0), new Shape(1, 8, 0), new Shape(1, 8, 0), new Shape(1, 8, 0)));
    h.submit("b", 1, Integer.MAX_VALUE, 3, T0.plusSeconds(1), List.of(new Shape(1, 8, 0), new Shape(1, 8, 0),
        new Shape(1, 8, 0), new Shape(1, 8, 0), new Shape(1, 8, 0), new Shape(1, 8, 0)));
    Map<String, Long> perExperiment = h.tick(at(2)).stream()
        .collect(Collectors.groupingBy(Decision::experimentId, Collectors.counting()));
    assertThat(perExperiment).isEqualTo(Map.of("a", 6L, "b", 2L));
  }

  @Test
  void equalWeightsAlternateSoALateExperimentIsNotStarvedByAnEarlyOne() {
    h.trainer("w", T0, 8 * GB, 8 * GB, 8 * GB, 8 * GB);
    h.submit("a", 100, new Shape(1, 8, 0), T0);
    h.submit("b", 2, new Shape(1, 8, 0), T0.plusSeconds(10));
    assertThat(table(h.tick(at(11)))).containsExactly(
        "assign a-0000#1 -> w[0]", "assign b-0000#1 -> w[1]", "assign a-0001#1 -> w[2]", "assign b-0001#1 -> w[3]");
  }

  @Test
  void concurrencyCapsLimitTrialsInFlight() {
    h.trainer("w", T0, 8 * GB, 8 * GB, 8 * GB, 8 * GB, 8 * GB, 8 * GB);
    h.submit("a", 1, 2, 3, T0, List.of(new Shape(1, 8, 0), new Shape(1, 8, 0), new Shape(1, 8, 0),
        new Shape(1, 8, 0)));
    assertThat(table(h.tick(at(1)))).containsExactly("assign a-0000#1 -> w[0]", "assign a-0001#1 -> w[1]");
    assertThat(h.tick(at(2))).isEmpty();
    h.worker("a-0000", 1, 1, new TrialSucceeded(null, Map.of()), at(3));
    assertThat(table(h.tick(at(4)))).containsExactly("assign a-0002#1 -> w[0]");
  }

  @Test
  void higherPriorityGoesFirstAcrossAndWithinExperiments() {
    h.trainer("w", T0, 8 * GB);
    h.submit("low", 3, new Shape(1, 8, 0), T0);
    h.submit("high", 1, Integer.MAX_VALUE, 3, T0.plusSeconds(5), List.of(new Shape(1, 8, 1), new Shape(1, 8, 7)));
    assertThat(table(h.tick(at(6)))).containsExactly("assign high-0001#1 -> w[0]");
    h.worker("high-0001", 1, 1, new TrialSucceeded(null, Map.of()), at(7));
    assertThat(table(h.tick(at(8)))).containsExactly("assign high-0000#1 -> w[0]");
  }

  @Test
  void agingLetsALongWaitingLowPriorityTrialOvertakeNewHighPriorityOnes() {
    SchedulerHarness aged = new SchedulerHarness(
        new SchedulerConfig(Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofHours(1)));
    aged.trainer("w", T0, 8 * GB);
    aged.submit("low", 1, new Shape(1, 8, 0), T0);
    aged.submit("high", 1, Integer.MAX_VALUE, 3, T0.plusSeconds(60 * 10), List.of(new Shape(1, 8, 5)));
    // 10 minutes later the low trial ranks 0 + 10 > 5
    assertThat(table(aged.tick(T0.plusSeconds(60 * 10)))).containsExactly("assign low-0000#1 -> w[0]");
  }

  @Test
  void aStarvingGangTrialReservesTheFleetUntilItFits() {
    SchedulerHarness r = new SchedulerHarness(
        new SchedulerConfig(Duration.ofHours(1), Duration.ofHours(1), Duration.ofMinutes(5)));
    r.trainer("w", T0, 8 * GB, 8 * GB);
    r.submit("small", 3, new Shape(1, 8, 0), T0);
    assertThat(r.tick(at(1))).hasSize(2);
    r.submit("gang", 1, new Shape(2, 8, 0), at(2));
    // Before the threshold the freed GPU goes to the next small trial (fair share favours gang, but it does not fit).
    r.worker("small-0000", 1, 1, new TrialSucceeded(null, Map.of()), at(10));
    assertThat(table(r.tick(at(11)))).containsExactly("assign small-0002#1 -> w[0]");
    // A stream of newer small trials keeps arriving.
    r.submit("later", 20, new Shape(1, 8, 0), at(200));
    // After the threshold a freed GPU is held for the gang trial...
    r.worker("small-0001", 1, 1, new TrialSucceeded(null, Map.of()), at(400));
    assertThat(r.tick(at(401))).isEmpty();
    r.worker("small-0002", 1, 1, new TrialSucceeded(null, Map.of()), at(402));
    // ...which gets both GPUs as soon as they are free.
    assertThat(table(r.tick(at(403)))).containsExactly("assign gang-0000#1 -> w[0, 1]");
  }

  @Test
  void anUnplaceableTrialDoesNotReserveTheFleet() {
    SchedulerHarness r = new SchedulerHarness(
        new SchedulerConfig(Duration.ofHours(1), Duration.ofHours(1), Duration.ofMinutes(5)));
    r.trainer("w", T0, 8 * GB, 8 * GB);
    r.submit("huge", 1, new Shape(4, 8, 5), T0);
    r.submit("small", 1, new Shape(1, 8, 0), T0);
    assertThat(table(r.tick(at(3600)))).containsExactly("assign small-0000#1 -> w[0]");
  }

  @Test
  void lostLeaseRequeuesWithTheNextAttemptAndTheLastCheckpointThenFencesTheOldAttempt() {
    h.trainer("w1", T0, 16 * GB);
    h.submit("a", 1, new Shape(1, 8, 0), T0);
    assertThat(table(h.tick(at(1)))).containsExactly("assign a-0000#1 -> w1[0]");
    h.worker("a-0000", 1, 1, new TrialStarted("w1"), at(2));
    h.worker("a-0000", 1, 2, new TrialCheckpointed("prune-encoder", 100, "file:/ck/100", "abc"), at(5));
    h.worker("a-0000", 1, 3, new CheckpointWritten("prune-encoder", 200, CheckpointKind.PERIODIC, "file:/ck/200",
        "def", 10, null), at(8));
    h.trainer("w2", at(20), 16 * GB);
    h.trainer("w1", at(10), 16 * GB);
    assertThat(h.tick(at(39))).as("within the lease").isEmpty();
    assertThat(table(h.tick(at(41)))).containsExactly(
        "requeue a-0000#1 as #2 from file:/ck/200 revoke w1");
    assertThat(table(h.tick(at(41)))).containsExactly("assign a-0000#2 -> w2[0] from file:/ck/200");
    TrialView t = h.scheduler.trial("a-0000").orElseThrow();
    assertThat(t.state()).isEqualTo(TrialState.ASSIGNED);
    assertThat(t.attempt()).isEqualTo(2);
    assertThat(t.workerId()).isEqualTo("w2");
    assertThat(t.reason()).startsWith("lease expired: worker w1 silent for 31 s");
    // the zombie attempt's success is fenced
    h.worker("a-0000", 1, 9, new TrialSucceeded(null, Map.of()), at(42));
    assertThat(h.scheduler.trial("a-0000").orElseThrow().state()).isEqualTo(TrialState.ASSIGNED);
    h.worker("a-0000", 2, 1, new TrialStarted("w2"), at(43));
    assertThat(h.scheduler.trial("a-0000").orElseThrow().state()).isEqualTo(TrialState.RUNNING);
    // the zombie still reports the trial: it is revoked once
    h.heartbeat("w1", at(44), List.of("a-0000"), 16 * GB);
    assertThat(table(h.tick(at(45)))).containsExactly("revoke a-0000#1 on w1");
    h.heartbeat("w1", at(46), List.of("a-0000"), 16 * GB);
    assertThat(h.tick(at(47))).isEmpty();
  }

  @Test
  void timeTheFleetCouldNotBeHeardDoesNotCountAgainstLeases() {
    h.trainer("w1", T0, 16 * GB);
    h.submit("a", 1, new Shape(1, 8, 0), T0);
    assertThat(table(h.tick(at(1)))).containsExactly("assign a-0000#1 -> w1[0]");
    h.worker("a-0000", 1, 1, new TrialStarted("w1"), at(2));
    h.heartbeat("w1", at(10), List.of("a-0000"), 16 * GB);
    // Kafka is down from about 10 s to 60 s: nothing is heard, then w1's heartbeats arrive again.
    h.scheduler.fleetUnheard(Duration.ofSeconds(50));
    assertThat(h.tick(at(60))).as("w1 was silent only while nothing could be heard").isEmpty();
    h.heartbeat("w1", at(61), List.of("a-0000"), 16 * GB);
    assertThat(h.tick(at(62))).as("a live trainer listing its trial keeps it").isEmpty();
    assertThat(h.scheduler.trial("a-0000").orElseThrow().attempt()).isEqualTo(1);
    // A worker that stays silent once the fleet is heard again still loses its trial after a full lease.
    assertThat(h.tick(at(90))).isEmpty();
    assertThat(table(h.tick(at(92)))).containsExactly("requeue a-0000#1 as #2 revoke w1");
  }

  @Test
  void withoutThePauseTheSameSilenceRequeuesTheTrial() {
    h.trainer("w1", T0, 16 * GB);
    h.submit("a", 1, new Shape(1, 8, 0), T0);
    assertThat(table(h.tick(at(1)))).containsExactly("assign a-0000#1 -> w1[0]");
    h.worker("a-0000", 1, 1, new TrialStarted("w1"), at(2));
    h.heartbeat("w1", at(10), List.of("a-0000"), 16 * GB);
    assertThat(table(h.tick(at(60)))).containsExactly("requeue a-0000#1 as #2 revoke w1");
  }

  @Test
  void aTrialFailsWithTheReasonAfterMaxAttempts() {
    h.submit("a", 1, 1, 2, T0, List.of(new Shape(1, 8, 0)));
    h.trainer("w1", T0, 16 * GB);
    assertThat(table(h.tick(at(1)))).containsExactly("assign a-0000#1 -> w1[0]");
    h.worker("a-0000", 1, 1, new TrialFailed("CUDA out of memory", 12L, null), at(2));
    assertThat(h.scheduler.trial("a-0000").orElseThrow().state()).isEqualTo(TrialState.REQUEUED);
    assertThat(table(h.tick(at(3)))).containsExactly("requeue a-0000#1 as #2");
    assertThat(table(h.tick(at(3)))).containsExactly("assign a-0000#2 -> w1[0]");
    // second loss (lease) exhausts maxAttempts = 2
    assertThat(table(h.tick(at(100)))).containsExactly("fail a-0000#2");
    TrialView t = h.scheduler.trial("a-0000").orElseThrow();
    assertThat(t.state()).isEqualTo(TrialState.FAILED);
    assertThat(t.reason()).contains("lost 2 of 2 attempts").contains("worker w1 silent");
    assertThat(h.scheduler.stats().memoryAllocatedMb()).isZero();
  }

  @Test
  void cpuWorkersTakeCpuTrialsAndEverythingWhenTheFleetHasNoGpu() {
    h.cpuTrainer("cpu", 1, T0);
    h.submit("a", 2, new Shape(1, 8, 0), T0);
    assertThat(table(h.tick(at(1)))).containsExactly("assign a-0000#1 -> cpu[]");
    assertThat(h.tick(at(2))).as("one slot").isEmpty();

    SchedulerHarness mixed = new SchedulerHarness();
    mixed.cpuTrainer("cpu", 2, T0);
    mixed.trainer("gpu", T0, 16 * GB);
    mixed.submit("a", 1, Integer.MAX_VALUE, 3, T0, List.of(new Shape(0, 1, 0), new Shape(1, 8, 0),
        new Shape(1, 24, 0)));
    assertThat(table(mixed.tick(at(1)))).as("a GPU trial that fits no GPU waits rather than run on CPU")
        .containsExactly("assign a-0000#1 -> cpu[]", "assign a-0001#1 -> gpu[0]");
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
  void aLiveTrainerThatStopsListingATrialLosesIt() {
    h.trainer("w", T0, 8 * GB);
    h.submit("a", 1, new Shape(1, 8, 0), T0);
    assertThat(table(h.tick(at(1)))).containsExactly("assign a-0000#1 -> w[0]");
    for (int s = 10; s <= 60; s += 10) {
      h.trainer("w", at(s), 8 * GB); // lists the trial
      assertThat(h.tick(at(s))).isEmpty();
    }
    // The trainer restarted: alive, but it no longer lists the trial.
    for (int s = 70; s <= 90; s += 10) {
      h.heartbeat("w", at(s), List.of(), 8 * GB);
      assertThat(h.tick(at(s))).isEmpty();
    }
    h.heartbeat("w", at(91), List.of(), 8 * GB);
    assertThat(table(h.tick(at(91)))).containsExactly("requeue a-0000#1 as #2 revoke w");
    assertThat(h.scheduler.trial("a-0000").orElseThrow().reason()).contains("has not reported the trial for 31 s");
    assertThat(table(h.tick(at(92)))).containsExactly("assign a-0000#2 -> w[0]");
  }

  @Test
  void aWorkerThatDiesJustAfterAnAssignmentCostsOneAttempt() {
    h.trainer("w", T0, 8 * GB);
    h.trainer("spare", T0, 8 * GB);
    h.submit("a", 1, new Shape(1, 8, 0), T0);
    assertThat(h.tick(at(1))).hasSize(1);
    String first = h.scheduler.trial("a-0000").orElseThrow().workerId();
    String other = first.equals("w") ? "spare" : "w";
    h.heartbeat(first, at(2), List.of(), 8 * GB); // its last heartbeat, before it took the assignment
    for (int s = 10; s <= 40; s += 10) {
      h.trainer(other, at(s), 8 * GB);
    }
    assertThat(table(h.tick(at(33)))).containsExactly("requeue a-0000#1 as #2 revoke " + first);
    assertThat(table(h.tick(at(34)))).containsExactly("assign a-0000#2 -> " + other + "[0]");
    assertThat(h.scheduler.trial("a-0000").orElseThrow().losses()).isEqualTo(1);
  }
}
