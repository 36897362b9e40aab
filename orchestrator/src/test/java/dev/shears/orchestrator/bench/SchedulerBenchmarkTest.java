package dev.shears.orchestrator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SchedulerBenchmarkTest {
  @Test
  void aSmallCoreRunPacksTheFleetAndIsDeterministic() {
    SchedulerBenchmark.Options small = new SchedulerBenchmark.Options(500, 50, 8, 5, 200, 7, null, 0);
    SchedulerBenchmark.CoreResult a = SchedulerBenchmark.core(small);
    SchedulerBenchmark.CoreResult b = SchedulerBenchmark.core(small);
    assertThat(a.decisions()).isEqualTo(b.decisions()).isPositive();
    assertThat(a.placed()).isEqualTo(b.placed());
    assertThat(a.churnDecisions()).isEqualTo(b.churnDecisions());
    assertThat(a.memoryUtilisation()).isEqualTo(b.memoryUtilisation()).isBetween(0.5, 1.0);
  }
}
