package dev.shears.orchestrator.scheduler;

import static dev.shears.orchestrator.scheduler.SchedulerHarness.T0;
import static dev.shears.orchestrator.scheduler.SchedulerHarness.table;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.events.TrialSucceeded;
import dev.shears.orchestrator.scheduler.SchedulerHarness.Shape;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Placement: best fit, gangs, fair share, caps, priorities, aging and starvation. */
class PlacementTest {
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
}
