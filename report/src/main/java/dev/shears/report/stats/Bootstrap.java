package dev.shears.report.stats;

import dev.shears.events.ConfidenceInterval;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Percentile-bootstrap confidence intervals, as {@code rouge_score}'s {@code BootstrapAggregator}: resample
 * with replacement, take each resample's statistic, and report the (1−level)/2 and (1+level)/2 percentiles with
 * NumPy's default linear interpolation. Every metric of one call shares the same resamples, so a paired
 * comparison resamples the same examples for both models. Seeded: the same seed and data give the same interval.
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

  /** 1000 resamples, 95 %, the given seed. */
  public static Bootstrap defaults(long seed) {
    return new Bootstrap(1000, 0.95, seed);
  }

  /**
   * Each metric's mean over the examples with its interval; every metric has the same number of examples. An
   * empty sample gives a zero-width interval at 0.
   */
  public Map<String, ConfidenceInterval> means(Map<String, double[]> perExample) {
    int n = size(perExample, "metric");
    Map<String, double[]> resampled = new LinkedHashMap<>();
    perExample.keySet().forEach(m -> resampled.put(m, new double[resamples]));
    if (n > 0) {
      SplittableRandom random = new SplittableRandom(seed);
      int[] draw = new int[n];
      for (int r = 0; r < resamples; r++) {
        for (int i = 0; i < n; i++) {
          draw[i] = random.nextInt(n);
        }
        for (Map.Entry<String, double[]> e : perExample.entrySet()) {
          resampled.get(e.getKey())[r] = mean(e.getValue(), draw);
        }
      }
    }
    Map<String, ConfidenceInterval> out = new LinkedHashMap<>();
    perExample.forEach((metric, v) -> out.put(metric, interval(mean(v), resampled.get(metric))));
    return out;
  }

  /**
   * The paired difference {@code mean(model) − mean(teacher)} of each metric the two share, with an interval from
   * resampling the same examples for both (the per-example differences), which is narrower than two independent
   * intervals because the examples' difficulty cancels.
   *
   * @throws IllegalArgumentException when a shared metric has a different number of examples in the two
   */
  public Map<String, ConfidenceInterval> pairedDifferences(Map<String, double[]> model, Map<String, double[]> teacher) {
    Map<String, double[]> differences = new LinkedHashMap<>();
    for (Map.Entry<String, double[]> e : model.entrySet()) {
      double[] t = teacher.get(e.getKey());
      if (t == null) {
        continue;
      }
      double[] m = e.getValue();
      if (m.length != t.length) {
        throw new IllegalArgumentException("Metric " + e.getKey() + " has " + m.length + " model examples but "
            + t.length + " teacher examples: a paired bootstrap needs the same examples");
      }
      double[] d = new double[m.length];
      for (int i = 0; i < d.length; i++) {
        d[i] = m[i] - t[i];
      }
      differences.put(e.getKey(), d);
    }
    return means(differences);
  }

  /**
   * The ratio of medians {@code median(numerator) / median(denominator)} over paired rounds (round i of both was
   * measured together), with an interval from resampling the rounds. Used for the speed-up: teacher latency over
   * model latency of interleaved timing rounds.
   *
   * @throws IllegalArgumentException when the lists differ in length or are empty
   */
  public ConfidenceInterval ratioOfMedians(List<Double> numerator, List<Double> denominator) {
    int n = numerator.size();
    if (n == 0 || denominator.size() != n) {
      throw new IllegalArgumentException("A ratio of medians needs the same non-zero number of rounds, got "
          + numerator.size() + " and " + denominator.size());
    }
    double[] a = numerator.stream().mapToDouble(Double::doubleValue).toArray();
    double[] b = denominator.stream().mapToDouble(Double::doubleValue).toArray();
    double[] resampled = new double[resamples];
    SplittableRandom random = new SplittableRandom(seed);
    double[] ra = new double[n];
    double[] rb = new double[n];
    for (int r = 0; r < resamples; r++) {
      for (int i = 0; i < n; i++) {
        int k = random.nextInt(n);
        ra[i] = a[k];
        rb[i] = b[k];
      }
      resampled[r] = median(ra) / median(rb);
    }
    return interval(median(a) / median(b), resampled);
  }

  private ConfidenceInterval interval(double estimate, double[] resampled) {
    double[] sorted = resampled.clone();
    Arrays.sort(sorted);
    double low = percentile(sorted, 100 * (1 - level) / 2);
    double high = percentile(sorted, 100 * (1 + level) / 2);
    // A percentile interval of a skewed statistic can exclude the estimate only through rounding; keep it inside.
    return new ConfidenceInterval(estimate, Math.min(low, estimate), Math.max(high, estimate), level);
  }

  private static int size(Map<String, double[]> values, String what) {
    int n = -1;
    for (Map.Entry<String, double[]> e : values.entrySet()) {
      if (n >= 0 && e.getValue().length != n) {
        throw new IllegalArgumentException(what + " " + e.getKey() + " has " + e.getValue().length
            + " example values, the others " + n);
      }
      n = e.getValue().length;
    }
    return Math.max(n, 0);
  }

  private static double mean(double[] v) {
    return v.length == 0 ? 0.0 : Arrays.stream(v).sum() / v.length;
  }

  private static double mean(double[] v, int[] draw) {
    double sum = 0;
    for (int i : draw) {
      sum += v[i];
    }
    return sum / draw.length;
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  /** NumPy's default ("linear") percentile of sorted values. */
  static double percentile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return 0.0;
    }
    double position = (sorted.length - 1) * q / 100;
    int lower = (int) Math.floor(position);
    int upper = Math.min(lower + 1, sorted.length - 1);
    double fraction = position - lower;
    return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction;
  }
}
