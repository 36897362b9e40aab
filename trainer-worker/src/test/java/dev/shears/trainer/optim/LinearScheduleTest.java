package dev.shears.trainer.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LinearScheduleTest {

  @Test
  void warmsUpThenDecaysToZero() {
    LinearSchedule s = new LinearSchedule(1e-3, 10, 110);
    assertThat(s.lr(0)).isZero();
    assertThat(s.lr(5)).isCloseTo(5e-4, within(1e-12));
    assertThat(s.lr(10)).isCloseTo(1e-3, within(1e-12));
    assertThat(s.lr(60)).isCloseTo(5e-4, within(1e-12));
    assertThat(s.lr(110)).isZero();
    assertThat(s.lr(500)).isZero();
  }

  @Test
  void withoutWarmupStartsAtThePeak() {
    assertThat(new LinearSchedule(3e-4, 0, 100).lr(0)).isCloseTo(3e-4, within(1e-15));
    assertThat(LinearSchedule.constant(0.01).lr(1_000_000)).isEqualTo(0.01);
    assertThatThrownBy(() -> new LinearSchedule(1, 5, 2)).hasMessageContaining("warmupSteps");
  }
}
