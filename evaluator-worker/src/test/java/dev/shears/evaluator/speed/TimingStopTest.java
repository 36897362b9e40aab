package dev.shears.evaluator.speed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.shears.events.ConfidenceInterval;
import dev.shears.report.stats.Bootstrap;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimingStopTest {
  /**
   * Runs the stopping rule over simulated rounds: teacher 100 ms, model 40 ms (speed-up 2.5), each run scaled by
   * lognormal noise of the given sd; returns the rounds run and the last interval.
   */
  private static Object[] simulate(TimingStop stop, int minRounds, double noise, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Bootstrap bootstrap = Bootstrap.defaults(seed);
    List<Double> teacher = new ArrayList<>();
    List<Double> model = new ArrayList<>();
    ConfidenceInterval ci = null;
    while (!stop.done(teacher.size(), minRounds, ci)) {
      teacher.add(100 * Math.exp(noise * gaussian(random)));
      model.add(40 * Math.exp(noise * gaussian(random)));
      if (teacher.size() >= TimingStop.MIN_ROUNDS_FOR_INTERVAL) {
        ci = bootstrap.ratioOfMedians(teacher, model);
      }
    }
    return new Object[] {teacher.size(), ci};
  }

  private static double gaussian(SplittableRandom r) {
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  @Test
  void quietTimingStopsAtTheMinimumWithANarrowInterval() {
    Object[] run = simulate(TimingStop.DEFAULT, 5, 0.01, 1);
    assertThat(run[0]).isEqualTo(5);
    assertThat(TimingStop.relativeHalfWidth((ConfidenceInterval) run[1])).isLessThanOrEqualTo(0.05);
  }

  @Test
  void noisyTimingRunsOnUntilTheHalfWidthIsFivePercent() {
    for (long seed = 1; seed <= 5; seed++) {
      Object[] run = simulate(TimingStop.DEFAULT, 5, 0.08, seed);
      ConfidenceInterval ci = (ConfidenceInterval) run[1];
      assertThat((int) run[0]).as("seed %d", seed).isGreaterThan(5).isLessThan(60);
      assertThat(TimingStop.relativeHalfWidth(ci)).as("seed %d", seed).isLessThanOrEqualTo(0.05);
      assertThat(ci.low()).isLessThanOrEqualTo(2.5 * 1.1).isGreaterThan(2.5 * 0.85);
    }
  }

  @Test
  void timingThatNeverSettlesStopsAtTheCap() {
    Object[] run = simulate(new TimingStop(20, 0.05), 5, 1.0, 3);
    assertThat(run[0]).isEqualTo(20);
    assertThat(TimingStop.relativeHalfWidth((ConfidenceInterval) run[1])).isGreaterThan(0.05);
  }

  @Test
  void neverStopsBeforeTheMinimumAndAFixedPlanRunsExactlyIt() {
    ConfidenceInterval tight = new ConfidenceInterval(2.0, 1.99, 2.01, 0.95);
    assertThat(TimingStop.DEFAULT.done(4, 8, tight)).isFalse();
    assertThat(TimingStop.DEFAULT.done(8, 8, tight)).isTrue();
    assertThat(TimingStop.DEFAULT.done(8, 8, new ConfidenceInterval(2.0, 1.0, 3.0, 0.95))).isFalse();
    assertThat(TimingStop.DEFAULT.done(8, 8, null)).isFalse();
    assertThat(TimingStop.fixed(5).done(4, 1, tight)).isFalse();
    assertThat(TimingStop.fixed(5).done(5, 1, null)).isTrue();
    // The cap never cuts the minimum short.
    assertThat(new TimingStop(3, 0.05).done(3, 5, null)).isFalse();
  }

  @Test
  void badSettingsNameTheSpecField() {
    assertThat(assertThrows(IllegalArgumentException.class, () -> new TimingStop(0, 0.05)).getMessage())
        .contains("eval.maxTimingRounds");
    assertThat(assertThrows(IllegalArgumentException.class, () -> new TimingStop(10, 1.5)).getMessage())
        .contains("eval.speedupPrecision");
  }
}
