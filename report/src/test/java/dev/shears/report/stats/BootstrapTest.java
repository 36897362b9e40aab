package dev.shears.report.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.shears.events.ConfidenceInterval;
import java.util.List;
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
    ConfidenceInterval a = bootstrap.means(Map.of("x", small)).get("x");
    ConfidenceInterval b = bootstrap.means(Map.of("x", large)).get("x");
    assertThat(a.low()).isLessThan(a.mean());
    assertThat(a.high()).isGreaterThan(a.mean());
    assertThat(b.high() - b.low()).isLessThan((a.high() - a.low()) / 5);
    // Uniform(0,1): standard error sqrt(1/12/n); the 95% half-width is about 1.96 of those.
    assertThat((b.high() - b.low()) / 2).isCloseTo(1.96 * Math.sqrt(1.0 / 12 / 5000), within(0.002));
  }

  @Test
  void sameSeedSameInterval() {
    double[] v = {0.1, 0.9, 0.4, 0.4, 0.7, 0.2};
    Map<String, double[]> s = Map.of("f1", v);
    assertThat(Bootstrap.defaults(5).means(s)).isEqualTo(Bootstrap.defaults(5).means(s));
    assertThat(Bootstrap.defaults(5).means(s)).isNotEqualTo(Bootstrap.defaults(6).means(s));
  }

  @Test
  void constantScoresGiveAZeroWidthInterval() {
    ConfidenceInterval ci = Bootstrap.defaults(1).means(Map.of("em", new double[] {1, 1, 1})).get("em");
    assertThat(ci).isEqualTo(new ConfidenceInterval(1, 1, 1, 0.95));
  }

  @Test
  void badParametersAreNamed() {
    assertThat(assertThrows(IllegalArgumentException.class, () -> new Bootstrap(0, 0.95, 1)).getMessage())
        .contains("resamples");
    assertThat(assertThrows(IllegalArgumentException.class, () -> new Bootstrap(10, 1.5, 1)).getMessage())
        .contains("confidence level");
  }

  @Test
  void pairedDifferenceIsNarrowerThanTheIndependentIntervalsWhenExamplesDifferInDifficulty() {
    Random random = new Random(7);
    int n = 400;
    double[] teacher = new double[n];
    double[] model = new double[n];
    for (int i = 0; i < n; i++) {
      double difficulty = random.nextDouble();
      teacher[i] = difficulty;
      model[i] = Math.max(0, difficulty - 0.02 + 0.02 * random.nextGaussian());
    }
    Bootstrap bootstrap = Bootstrap.defaults(3);
    ConfidenceInterval paired = bootstrap.pairedDifferences(Map.of("rougeL", model), Map.of("rougeL", teacher))
        .get("rougeL");
    ConfidenceInterval t = bootstrap.means(Map.of("rougeL", teacher)).get("rougeL");
    ConfidenceInterval m = bootstrap.means(Map.of("rougeL", model)).get("rougeL");
    assertThat(paired.mean()).isCloseTo(m.mean() - t.mean(), within(1e-12));
    assertThat(paired.high()).isLessThan(0);
    assertThat(paired.width()).isLessThan(m.width() / 5);
  }

  @Test
  void pairedDifferencesNeedTheSameExamples() {
    assertThat(assertThrows(IllegalArgumentException.class, () -> Bootstrap.defaults(1)
        .pairedDifferences(Map.of("f1", new double[] {1, 0}), Map.of("f1", new double[] {1}))).getMessage())
        .contains("f1").contains("same examples");
  }

  @Test
  void speedupIntervalResamplesTheTimingRounds() {
    List<Double> teacher = List.of(300.0, 310.0, 295.0, 305.0, 330.0, 298.0);
    List<Double> model = List.of(100.0, 104.0, 99.0, 101.0, 120.0, 100.0);
    ConfidenceInterval ci = Bootstrap.defaults(1).ratioOfMedians(teacher, model);
    assertThat(ci.mean()).isCloseTo(302.5 / 100.5, within(1e-12));
    assertThat(ci.low()).isLessThanOrEqualTo(ci.mean()).isGreaterThan(2.5);
    assertThat(ci.high()).isGreaterThanOrEqualTo(ci.mean()).isLessThan(3.5);
    assertThat(assertThrows(IllegalArgumentException.class, () -> Bootstrap.defaults(1)
        .ratioOfMedians(teacher, List.of(1.0))).getMessage()).contains("same non-zero number of rounds");
  }
}
