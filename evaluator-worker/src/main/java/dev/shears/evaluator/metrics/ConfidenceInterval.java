package dev.shears.evaluator.metrics;

/**
 * A point estimate with a two-sided confidence interval.
 *
 * @param mean  the statistic on the full sample
 * @param low   lower bound
 * @param high  upper bound
 * @param level coverage, e.g. 0.95
 */
public record ConfidenceInterval(double mean, double low, double high, double level) {

  /** Validates ordering. */
  public ConfidenceInterval {
    if (low > high) {
      throw new IllegalArgumentException("Confidence interval low " + low + " exceeds high " + high);
    }
  }
}
