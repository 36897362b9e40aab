package dev.shears.trainer.numerical;

/**
 * Numerical Pruning's importance score of each input channel of one output projection (Shen et al. 2025, Eq. 3–7).
 * With X the projection's calibration inputs (tokens × D) and W the paper's {@code D × D′} weight (the transpose of
 * the {@code [out, in]} weight stored here), the score vector z minimises ½‖X·diag(z−1)·W‖² + ½λ(1ᵀz − (1−ρ)D)².
 * The objective is quadratic, so Algorithm 1's Newton iteration reaches its minimiser in one step; as λ → ∞ that is
 * z = 1 − ρD·A⁻¹1 / (1ᵀA⁻¹1) with A = (W·Wᵀ) ∘ (XᵀX), which does not depend on the scale of X. A is normalised by
 * its mean diagonal and damped by {@link #DAMPING}·I before the Cholesky solve.
 *
 * <p>Dead channels (A_jj = 0: never active on the calibration data, or a zero weight row) carry no information and
 * make A singular: they are left out of the system and scored −∞, so any cut removes them first.
 */
public final class ChannelScores {
  /** Diagonal entries below this fraction of the largest are dead. */
  static final double DEAD = 1e-12;
  /** Ridge added to the normalised A (mean diagonal 1). */
  static final double DAMPING = 1e-8;

  private ChannelScores() {}

  /**
   * @param gram G = XᵀX over the calibration tokens, {@code [D][D]}
   * @param weight the projection's weight as stored, {@code [out][D]}
   * @param rho the pruning ratio ρ of the constraint 1ᵀz = (1−ρ)D, in [0, 1)
   * @return z per input channel, −∞ for dead channels
   */
  public static double[] of(double[][] gram, double[][] weight, double rho) {
    int d = gram.length;
    double[][] a = hadamardWithWeightGram(gram, weight);
    double max = 0;
    for (int i = 0; i < d; i++) {
      max = Math.max(max, a[i][i]);
    }
    int[] live = live(a, max);
    double[] z = new double[d];
    java.util.Arrays.fill(z, Double.NEGATIVE_INFINITY);
    if (live.length == 0) {
      return z;
    }
    double mean = 0;
    for (int i : live) {
      mean += a[i][i];
    }
    mean /= live.length;
    double[][] sub = new double[live.length][live.length];
    for (int i = 0; i < live.length; i++) {
      for (int j = 0; j <= i; j++) {
        sub[i][j] = a[live[i]][live[j]] / mean;
        sub[j][i] = sub[i][j];
      }
    }
    double[] ones = new double[live.length];
    java.util.Arrays.fill(ones, 1);
    double[] u = Cholesky.factorDamped(sub, DAMPING, 1).solve(ones);
    double sum = 0;
    for (double v : u) {
      sum += v;
    }
    for (int i = 0; i < live.length; i++) {
      z[live[i]] = 1 - rho * live.length * u[i] / sum;
    }
    return z;
  }

  /** A = (W·Wᵀ) ∘ G in the paper's orientation: (W·Wᵀ)_ij = Σ_o weight[o][i]·weight[o][j]. */
  static double[][] hadamardWithWeightGram(double[][] gram, double[][] weight) {
    int d = gram.length;
    int out = weight.length;
    double[][] wt = new double[d][out];
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < d; i++) {
        wt[i][o] = weight[o][i];
      }
    }
    double[][] a = new double[d][d];
    for (int i = 0; i < d; i++) {
      double[] wi = wt[i];
      for (int j = 0; j <= i; j++) {
        double[] wj = wt[j];
        double s = 0;
        for (int o = 0; o < out; o++) {
          s += wi[o] * wj[o];
        }
        a[i][j] = s * gram[i][j];
        a[j][i] = a[i][j];
      }
    }
    return a;
  }

  private static int[] live(double[][] a, double max) {
    return java.util.stream.IntStream.range(0, a.length)
        .filter(i -> max > 0 && a[i][i] > DEAD * max)
        .toArray();
  }

  /** A unit's score from its channels' scores: the mean over its live channels (paper §3.3), −∞ if none is live. */
  public static double unitScore(double[] z, int from, int width) {
    double sum = 0;
    int live = 0;
    for (int i = from; i < from + width; i++) {
      if (z[i] != Double.NEGATIVE_INFINITY) {
        sum += z[i];
        live++;
      }
    }
    return live == 0 ? Double.NEGATIVE_INFINITY : sum / live;
  }
}
