package dev.shears.trainer.validation;

/**
 * Early stopping on a validation score where higher is better (ROUGE-L): a result improves when it beats the best so
 * far by at least {@code minDelta}; training stops once {@code patience} results in a row did not improve. With
 * {@code patience} 0 it never stops. Not thread-safe; one per training loop.
 */
public final class Plateau {
  private final int patience;
  private final double minDelta;
  private double best = Double.NEGATIVE_INFINITY;
  private int sinceBest;

  /**
   * A plateau rule.
   *
   * @param patience results without improvement that end training; 0 never ends it
   * @param minDelta the least gain over the best that counts as an improvement, >= 0
   */
  public Plateau(int patience, double minDelta) {
    if (patience < 0 || !(minDelta >= 0)) {
      throw new IllegalArgumentException("Invalid plateau: patience must be >= 0 and minDelta >= 0, were " + patience
          + " and " + minDelta);
    }
    this.patience = patience;
    this.minDelta = minDelta;
  }

  /** Records {@code score}; true when it is an improvement (the new best), which the caller keeps. */
  public boolean observe(double score) {
    if (best == Double.NEGATIVE_INFINITY || score >= best + minDelta) {
      best = score;
      sinceBest = 0;
      return true;
    }
    sinceBest++;
    return false;
  }

  /** Whether {@code patience} results in a row have not improved. */
  public boolean stalled() {
    return patience > 0 && sinceBest >= patience;
  }

  /** The best score observed, or negative infinity before the first. */
  public double best() {
    return best;
  }
}
