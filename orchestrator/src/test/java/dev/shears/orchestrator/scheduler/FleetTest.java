package dev.shears.orchestrator.scheduler;

import static dev.shears.orchestrator.scheduler.SchedulerHarness.T0;
import static dev.shears.orchestrator.scheduler.SchedulerHarness.table;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.events.CheckpointKind;
import dev.shears.events.CheckpointWritten;
import dev.shears.events.GpuInfo;
import dev.shears.events.TrialCheckpointed;
import dev.shears.events.TrialFailed;
import dev.shears.events.TrialStarted;
import dev.shears.events.TrialSucceeded;
import dev.shears.events.WorkerHeartbeat;
import dev.shears.orchestrator.scheduler.SchedulerHarness.Shape;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fleet and its leases: lost leases, silence of the whole fleet, attempts used up, zombies. */
class FleetTest {
  private static final long GB = 1024;
  private final SchedulerHarness h = new SchedulerHarness();

  private static Instant at(int seconds) {
    return T0.plusSeconds(seconds);
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

  @Test
  void aRunningAttemptKeepsItsTrainerAcrossARestartThatOutlastsTheLease() {
    SchedulerConfig lease15 = new SchedulerConfig(Duration.ofSeconds(15), SchedulerConfig.DEFAULT.agingStep(),
        SchedulerConfig.DEFAULT.starvationAfter());
    SchedulerHarness before = new SchedulerHarness(lease15);
    before.trainer("w1", T0, 16 * GB);
    before.submit("a", 1, new Shape(1, 8, 0), T0);
    assertThat(table(before.tick(at(1)))).containsExactly("assign a-0000#1 -> w1[0]");
    before.worker("a-0000", 1, 1, new TrialStarted("w1"), at(2));
    // The orchestrator stops at 20 s and starts again at 22 s. Replaying the log takes until 40 s; the fleet topic
    // is read from a lease before the start, and the logs were caught up while only w1's heartbeats up to 12 s
    // had been read: they count from when they were written.
    Scheduler restarted = before.replay(lease15);
    for (int s = 8; s <= 12; s += 2) {
      restarted.heartbeat(new WorkerHeartbeat("w1", "trainer", "host-w1",
          List.of(new GpuInfo(0, "gpu", 16 * GB, 8 * GB, 0.0)), List.of("a-0000"), 0, null), at(s));
    }
    restarted.recovered(at(40));
    assertThat(restarted.tick(at(40))).as("w1 was not heard only while this orchestrator was away").isEmpty();
    restarted.heartbeat(new WorkerHeartbeat("w1", "trainer", "host-w1",
        List.of(new GpuInfo(0, "gpu", 16 * GB, 8 * GB, 0.0)), List.of("a-0000"), 0, null), at(41));
    assertThat(restarted.tick(at(42))).as("a live trainer listing its trial keeps it").isEmpty();
    assertThat(restarted.trial("a-0000").orElseThrow().attempt()).isEqualTo(1);
    // A trainer that stays silent after the restart still loses its trial a full lease after its last heartbeat.
    assertThat(restarted.tick(at(56))).isEmpty();
    assertThat(table(restarted.tick(at(57)))).containsExactly("requeue a-0000#1 as #2 revoke w1");
  }

  @Test
  void aTrainerStillRunningAnAttemptItLostTakesNoOtherTrialUntilItStops() {
    h.cpuTrainer("w1", 1, T0);
    h.submit("a", 1, 1, 1, T0, List.of(new Shape(1, 8, 0)));
    assertThat(table(h.tick(at(1)))).containsExactly("assign a-0000#1 -> w1[]");
    h.worker("a-0000", 1, 1, new TrialStarted("w1"), at(2));
    // w1 is cut off from the network for longer than the lease: its only attempt is lost.
    assertThat(table(h.tick(at(40)))).containsExactly("fail a-0000#1");
    h.submit("b", 1, 1, 3, at(41), List.of(new Shape(1, 8, 0)));
    // w1 comes back still running the failed attempt (one trial at a time): it is revoked, and it is busy.
    WorkerHeartbeat busy = new WorkerHeartbeat("w1", "trainer", "host-w1", List.of(), List.of("a-0000"), 1, null);
    h.scheduler.heartbeat(busy, at(42));
    assertThat(table(h.tick(at(42)))).containsExactly("revoke a-0000#1 on w1");
    for (int s = 44; s <= 100; s += 2) {
      h.scheduler.heartbeat(busy, at(s));
      assertThat(h.tick(at(s))).as("at %d s w1 still runs a-0000", s).isEmpty();
    }
    // Once it stops listing the lost attempt, it takes the next trial.
    h.cpuTrainer("w1", 1, at(102));
    assertThat(table(h.tick(at(102)))).containsExactly("assign b-0000#1 -> w1[]");
  }

  @Test
  void anAttemptATrainerHoldsQueuedKeepsItsLeaseUntilItStarts() {
    SchedulerHarness h15 = new SchedulerHarness(new SchedulerConfig(Duration.ofSeconds(15),
        SchedulerConfig.DEFAULT.agingStep(), SchedulerConfig.DEFAULT.starvationAfter()));
    h15.cpuTrainer("w1", 1, T0);
    h15.submit("a", 1, 1, 3, T0, List.of(new Shape(1, 8, 0)));
    assertThat(table(h15.tick(at(1)))).containsExactly("assign a-0000#1 -> w1[]");
    // A restarted trainer takes 45 s to start its first attempt (loading its engine under load); meanwhile its
    // heartbeats list the attempt as queued, not running.
    WorkerHeartbeat queued = new WorkerHeartbeat("w1", "trainer", "host-w1", List.of(), List.of(), 1, null,
        List.of("a-0000"));
    for (int s = 2; s <= 46; s += 2) {
      h15.scheduler.heartbeat(queued, at(s));
      assertThat(h15.tick(at(s))).as("at %d s w1 holds a-0000 queued", s).isEmpty();
    }
    h15.worker("a-0000", 1, 1, new TrialStarted("w1"), at(47));
    h15.cpuTrainer("w1", 1, at(48));
    assertThat(h15.tick(at(48))).isEmpty();
    assertThat(h15.scheduler.trial("a-0000").orElseThrow().attempt()).isEqualTo(1);
    // Listing it neither as running nor as queued still loses it after a lease.
    for (int s = 50; s <= 62; s += 2) {
      h15.heartbeat("w1", at(s), List.of());
      assertThat(h15.tick(at(s))).isEmpty();
    }
    h15.heartbeat("w1", at(64), List.of());
    assertThat(table(h15.tick(at(64)))).containsExactly("requeue a-0000#1 as #2 revoke w1");
  }

  @Test
  void aQueuedAttemptOfATrialPlacedElsewhereIsRevoked() {
    h.cpuTrainer("w1", 1, T0);
    h.submit("a", 1, 1, 3, T0, List.of(new Shape(1, 8, 0)));
    assertThat(table(h.tick(at(1)))).containsExactly("assign a-0000#1 -> w1[]");
    assertThat(table(h.tick(at(40)))).containsExactly("requeue a-0000#1 as #2 revoke w1");
    h.cpuTrainer("w2", 1, at(40));
    assertThat(table(h.tick(at(41)))).containsExactly("assign a-0000#2 -> w2[]");
    // w1 comes back still holding attempt 1 queued: it is told to drop it, once.
    WorkerHeartbeat stale = new WorkerHeartbeat("w1", "trainer", "host-w1", List.of(), List.of(), 1, null,
        List.of("a-0000"));
    h.scheduler.heartbeat(stale, at(42));
    assertThat(table(h.tick(at(42)))).containsExactly("revoke a-0000#1 on w1");
    h.scheduler.heartbeat(stale, at(44));
    assertThat(h.tick(at(44))).isEmpty();
  }

  @Test
  void anEvaluatorEvaluatingASucceededTrialIsNotRevoked() {
    h.cpuTrainer("w1", 1, T0);
    h.submit("a", 1, 1, 3, T0, List.of(new Shape(1, 8, 0)));
    assertThat(table(h.tick(at(1)))).containsExactly("assign a-0000#1 -> w1[]");
    h.worker("a-0000", 1, 1, new TrialStarted("w1"), at(2));
    h.worker("a-0000", 1, 2, new TrialSucceeded("file:/export", Map.of()), at(3));
    h.scheduler.heartbeat(new WorkerHeartbeat("evaluator-1", "evaluator", "host-e", List.of(), List.of("a-0000"), 1,
        null), at(4));
    assertThat(h.tick(at(4))).isEmpty();
  }
}
