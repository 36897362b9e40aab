package dev.shears.trainer.numerical;

/**
 * Numerical Pruning's compensation (Shen et al. 2025, Eq. 9–11) as the equivalent least-squares refit of the kept
 * input channels K of an output projection, the pruned ones P removed: with G = XᵀX from the dense model,
 * W'_K = W_K + (G_KK + γI)⁻¹·G_KP·W_P and γ = ridge·mean diag(G_KK) (paper's W orientation, rows = input channels).
 * It minimises ‖X_K·W'_K − X·W‖² + γ‖W'_K − W_K‖², so it never reconstructs worse than slicing W_K alone.
 */
public final class LeastSquaresRefit {
  private LeastSquaresRefit() {}

  /**
   * @param gram G over all D input channels, {@code [D][D]}
   * @param weight the projection weight as stored, {@code [out][D]}
   * @param kept the kept input channels, increasing
   * @param ridge γ relative to the mean diagonal of G_KK (≥ 0)
   * @return the kept columns after the refit, {@code [out][|K|]} in the order of {@code kept}
   */
  public static double[][] refit(double[][] gram, double[][] weight, int[] kept, double ridge) {
    int out = weight.length;
    int[] pruned = complement(kept, gram.length);
    double[][] sliced = columns(weight, kept);
    if (kept.length == 0 || pruned.length == 0) {
      return sliced;
    }
    double[][] gkk = new double[kept.length][kept.length];
    double meanDiag = 0;
    for (int a = 0; a < kept.length; a++) {
      for (int b = 0; b < kept.length; b++) {
        gkk[a][b] = gram[kept[a]][kept[b]];
      }
      meanDiag += gkk[a][a];
    }
    meanDiag /= kept.length;
    if (!(meanDiag > 0)) {
      return sliced; // the kept channels never fired: nothing can be fitted with them
    }
    // R = G_KP·W_P, [|K|][out]
    double[][] r = new double[kept.length][out];
    for (int a = 0; a < kept.length; a++) {
      double[] row = gram[kept[a]];
      for (int o = 0; o < out; o++) {
        double s = 0;
        double[] w = weight[o];
        for (int p : pruned) {
          s += row[p] * w[p];
        }
        r[a][o] = s;
      }
    }
    double[][] delta = Cholesky.factorDamped(gkk, ridge * meanDiag, meanDiag).solveRows(r);
    for (int o = 0; o < out; o++) {
      for (int a = 0; a < kept.length; a++) {
        sliced[o][a] += delta[a][o];
      }
    }
    return sliced;
  }

  /**
   * The squared reconstruction error ‖X·W − X_K·W'_K‖² of replacing the projection by {@code keptColumns} on the
   * kept channels, from G alone: Σ_o δ_oᵀ·G·δ_o with δ_o the change of output row o over all D channels.
   */
  public static double error(double[][] gram, double[][] weight, int[] kept, double[][] keptColumns) {
    int d = gram.length;
    double total = 0;
    double[] delta = new double[d];
    for (int o = 0; o < weight.length; o++) {
      System.arraycopy(weight[o], 0, delta, 0, d);
      for (int a = 0; a < kept.length; a++) {
        delta[kept[a]] -= keptColumns[o][a];
      }
      total += quadratic(gram, delta);
    }
    return Math.max(0, total);
  }

  /** ‖X·W‖², the energy of the dense projection's output on the calibration tokens. */
  public static double energy(double[][] gram, double[][] weight) {
    double total = 0;
    for (double[] row : weight) {
      total += quadratic(gram, row);
    }
    return total;
  }

  /** The columns {@code cols} of {@code m}. */
  public static double[][] columns(double[][] m, int[] cols) {
    double[][] out = new double[m.length][cols.length];
    for (int r = 0; r < m.length; r++) {
      for (int j = 0; j < cols.length; j++) {
        out[r][j] = m[r][cols[j]];
      }
    }
    return out;
  }

  private static double quadratic(double[][] g, double[] v) {
    double s = 0;
    for (int i = 0; i < v.length; i++) {
      if (v[i] == 0) {
        continue;
      }
      double row = 0;
      double[] gi = g[i];
      for (int j = 0; j < v.length; j++) {
        row += gi[j] * v[j];
      }
      s += v[i] * row;
    }
    return s;
  }

  private static int[] complement(int[] kept, int d) {
    boolean[] in = new boolean[d];
    for (int k : kept) {
      in[k] = true;
    }
    return java.util.stream.IntStream.range(0, d).filter(i -> !in[i]).toArray();
  }
}
