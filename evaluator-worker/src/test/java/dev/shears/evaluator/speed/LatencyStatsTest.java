package dev.shears.evaluator.speed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyStatsTest {

  @Test
  void medianSpreadAndThroughput() {
    LatencyStats s = LatencyStats.of(List.of(120.0, 100.0, 110.0, 300.0, 105.0), 32 * 32);
    assertThat(s.medianMs()).isEqualTo(110.0);
    assertThat(s.spreadPercent()).isCloseTo(100 * 200.0 / 110, within(1e-9));
    assertThat(s.tokensPerSecond()).isCloseTo(1024 / 0.110, within(1e-6));
  }

  @Test
  void evenCountsAverageTheMiddleRuns() {
    assertThat(LatencyStats.of(List.of(1.0, 2.0, 3.0, 10.0), 1).medianMs()).isEqualTo(2.5);
  }

  @Test
  void sparsityIsMeasuredAgainstTheTeachersPrunableWeights() {
    ModelStats teacher = new ModelStats(1000, 600, 6, 12, 900);
    ModelStats pruned = new ModelStats(500, 420, 6, 3, 450);
    assertThat(pruned.encoderSparsityAgainst(teacher)).isCloseTo(0.3, within(1e-12));
    assertThat(pruned.modelSparsityAgainst(teacher)).isCloseTo(0.5, within(1e-12));
    assertThat(teacher.encoderSparsityAgainst(teacher)).isZero();
  }

  @Test
  void badSettingsAreNamed() {
    assertThat(assertThrows(IllegalArgumentException.class, () -> new SpeedMeter(0, 0)).getMessage())
        .contains("eval.timedRuns");
    assertThat(assertThrows(IllegalArgumentException.class, () -> new Decoding(0, 8, true)).getMessage())
        .contains("eval.beam");
  }
}
