package dev.shears.evaluator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BootstrapTest {

  @Test
  void percentileInterpolatesLikeNumpy() {
    double[] sorted = {1, 2, 3, 4};
    // numpy.percentile([1,2,3,4], 2.5) = 1.075, 97.5 → 3.925, 50 → 2.5
    assertThat(Bootstrap.percentile(sorted, 2.5)).isCloseTo(1.075, within(1e-12));
    assertThat(Bootstrap.percentile(sorted, 97.5)).isCloseTo(3.925, within(1e-12));
    assertThat(Bootstrap.percentile(sorted, 50)).isCloseTo(2.5, within(1e-12));
  }

  @Test
  void intervalCoversTheMeanAndShrinksWithMoreData() {
    Random random = new Random(3);
    double[] small = new double[50];
    double[] large = new double[5000];
    for (int i = 0; i < small.length; i++) {
      small[i] = random.nextDouble();
    }
    for (int i = 0; i < large.length; i++) {
      large[i] = random.nextDouble();
    }
    Bootstrap bootstrap = Bootstrap.defaults(11);
    ConfidenceInterval a = bootstrap.intervals(new ExampleScores(Map.of("x", small))).get("x");
    ConfidenceInterval b = bootstrap.intervals(new ExampleScores(Map.of("x", large))).get("x");
    assertThat(a.low()).isLessThan(a.mean());
    assertThat(a.high()).isGreaterThan(a.mean());
    assertThat(b.high() - b.low()).isLessThan((a.high() - a.low()) / 5);
    // Uniform(0,1): standard error sqrt(1/12/n); the 95% half-width is about 1.96 of those.
    assertThat((b.high() - b.low()) / 2).isCloseTo(1.96 * Math.sqrt(1.0 / 12 / 5000), within(0.002));
  }

  @Test
  void sameSeedSameInterval() {
    double[] v = {0.1, 0.9, 0.4, 0.4, 0.7, 0.2};
    ExampleScores s = new ExampleScores(Map.of("f1", v));
    assertThat(Bootstrap.defaults(5).intervals(s)).isEqualTo(Bootstrap.defaults(5).intervals(s));
    assertThat(Bootstrap.defaults(5).intervals(s)).isNotEqualTo(Bootstrap.defaults(6).intervals(s));
  }

  @Test
  void constantScoresGiveAZeroWidthInterval() {
    ConfidenceInterval ci = Bootstrap.defaults(1).intervals(new ExampleScores(Map.of("em", new double[] {1, 1, 1}))).get("em");
    assertThat(ci).isEqualTo(new ConfidenceInterval(1, 1, 1, 0.95));
  }

  @Test
  void badParametersAreNamed() {
    assertThat(assertThrows(IllegalArgumentException.class, () -> new Bootstrap(0, 0.95, 1)).getMessage())
        .contains("resamples");
    assertThat(assertThrows(IllegalArgumentException.class, () -> new Bootstrap(10, 1.5, 1)).getMessage())
        .contains("confidence level");
  }
}
