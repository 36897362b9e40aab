package dev.shears.evaluator.metrics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Percentile-bootstrap confidence intervals of corpus means, as {@code rouge_score}'s
 * {@code BootstrapAggregator}: resample the examples with replacement, take each resample's mean, and
 * report the (1−level)/2 and (1+level)/2 percentiles with NumPy's default linear interpolation. All
 * metrics of one {@link ExampleScores} share the same resamples. Seeded: the same seed and data give
 * the same interval.
 */
public final class Bootstrap {

  private final int resamples;
  private final double level;
  private final long seed;

  /**
   * A bootstrap.
   *
   * @param resamples number of resamples (rouge_score uses 1000)
   * @param level     coverage in (0, 1), e.g. 0.95
   * @param seed      random seed
   */
  public Bootstrap(int resamples, double level, long seed) {
    if (resamples < 1) {
      throw new IllegalArgumentException("Invalid value " + resamples + " for bootstrap resamples: must be >= 1");
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("Invalid value " + level + " for confidence level: must be in (0, 1)");
    }
    this.resamples = resamples;
    this.level = level;
    this.seed = seed;
  }

  /** 1000 resamples, 95%, the given seed. */
  public static Bootstrap defaults(long seed) {
    return new Bootstrap(1000, 0.95, seed);
  }

  /** Each metric's mean with its interval; an empty sample gives a zero-width interval at 0. */
  public Map<String, ConfidenceInterval> intervals(ExampleScores scores) {
    int n = scores.size();
    Map<String, double[]> values = new LinkedHashMap<>();
    scores.metrics().forEach(m -> values.put(m, scores.values(m)));
    Map<String, double[]> means = new LinkedHashMap<>();
    values.keySet().forEach(m -> means.put(m, new double[resamples]));
    if (n > 0) {
      SplittableRandom random = new SplittableRandom(seed);
      int[] draw = new int[n];
      for (int r = 0; r < resamples; r++) {
        for (int i = 0; i < n; i++) {
          draw[i] = random.nextInt(n);
        }
        for (Map.Entry<String, double[]> e : values.entrySet()) {
          double[] v = e.getValue();
          double sum = 0;
          for (int i : draw) {
            sum += v[i];
          }
          means.get(e.getKey())[r] = sum / n;
        }
      }
    }
    Map<String, ConfidenceInterval> out = new LinkedHashMap<>();
    for (String metric : values.keySet()) {
      double[] m = means.get(metric);
      Arrays.sort(m);
      double low = percentile(m, 100 * (1 - level) / 2);
      double high = percentile(m, 100 * (1 + level) / 2);
      out.put(metric, new ConfidenceInterval(scores.mean(metric), low, high, level));
    }
    return out;
  }

  /** NumPy's default ("linear") percentile of sorted values. */
  static double percentile(double[] sorted, double q) {
    double position = (sorted.length - 1) * q / 100;
    int lower = (int) Math.floor(position);
    int upper = Math.min(lower + 1, sorted.length - 1);
    double fraction = position - lower;
    return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction;
  }
}
