package dev.shears.report.stats;

import java.util.List;

/**
 * The mean and sample standard deviation (n − 1 in the denominator) of values measured once per seed.
 *
 * @param mean the mean
 * @param sd   the sample standard deviation; NaN for a single value, where no spread was measured
 * @param n    the number of values
 */
public record MeanSd(double mean, double sd, int n) {

  /** Of {@code values}; at least one. */
  public static MeanSd of(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("A mean needs at least one value");
    }
    double mean = values.stream().mapToDouble(Double::doubleValue).sum() / values.size();
    if (values.size() == 1) {
      return new MeanSd(mean, Double.NaN, 1);
    }
    double ss = 0;
    for (double v : values) {
      ss += (v - mean) * (v - mean);
    }
    return new MeanSd(mean, Math.sqrt(ss / (values.size() - 1)), values.size());
  }
}
