package dev.shears.events;

/**
 * A point estimate with a two-sided confidence interval.
 *
 * @param mean  the statistic on the full sample
 * @param low   lower bound
 * @param high  upper bound
 * @param level coverage, e.g. 0.95
 */
public record ConfidenceInterval(double mean, double low, double high, double level) {

  /** Validates ordering and level. */
  public ConfidenceInterval {
    if (low > high) {
      throw new IllegalArgumentException("Confidence interval low " + low + " exceeds high " + high);
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("Invalid confidence level " + level + ": must be in (0, 1)");
    }
  }

  /** High minus low. */
  public double width() {
    return high - low;
  }
}
