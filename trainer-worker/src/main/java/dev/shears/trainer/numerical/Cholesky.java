package dev.shears.trainer.numerical;

/** The Cholesky factor L (A = L·Lᵀ) of a symmetric positive-definite matrix, in double, with solves against it. */
final class Cholesky {
  private final int n;
  private final double[][] l;

  private Cholesky(double[][] l) {
    this.n = l.length;
    this.l = l;
  }

  /**
   * Factors {@code a + shift·I} (only the lower triangle of {@code a} is read); throws {@link NotPositiveDefinite}
   * when a pivot is not positive.
   */
  static Cholesky factor(double[][] a, double shift) {
    int n = a.length;
    double[][] l = new double[n][];
    for (int i = 0; i < n; i++) {
      l[i] = new double[i + 1];
      for (int j = 0; j <= i; j++) {
        double s = a[i][j] + (i == j ? shift : 0);
        double[] li = l[i];
        double[] lj = l[j];
        for (int k = 0; k < j; k++) {
          s -= li[k] * lj[k];
        }
        if (i == j) {
          if (!(s > 0)) {
            throw new NotPositiveDefinite(i, s);
          }
          li[i] = Math.sqrt(s);
        } else {
          li[j] = s / lj[j];
        }
      }
    }
    return new Cholesky(l);
  }

  /**
   * Factors {@code a + shift·I}, raising the shift tenfold (from {@code 1e-12·scale} at least) until the factor
   * exists: for Gram-type matrices that are only positive semi-definite in floating point.
   */
  static Cholesky factorDamped(double[][] a, double shift, double scale) {
    double s = shift;
    for (int attempt = 0; attempt < 40; attempt++) {
      try {
        return factor(a, s);
      } catch (NotPositiveDefinite e) {
        s = Math.max(s * 10, 1e-12 * scale);
      }
    }
    throw new NotPositiveDefinite(-1, Double.NaN);
  }

  /** x with A·x = b. */
  double[] solve(double[] b) {
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double s = b[i];
      double[] li = l[i];
      for (int k = 0; k < i; k++) {
        s -= li[k] * y[k];
      }
      y[i] = s / li[i];
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double s = y[i];
      for (int k = i + 1; k < n; k++) {
        s -= l[k][i] * x[k];
      }
      x[i] = s / l[i][i];
    }
    return x;
  }

  /** X with A·X = B, for B given as rows {@code [n][m]}. */
  double[][] solveRows(double[][] b) {
    int m = b.length == 0 ? 0 : b[0].length;
    double[][] x = new double[n][m];
    double[] col = new double[n];
    for (int j = 0; j < m; j++) {
      for (int i = 0; i < n; i++) {
        col[i] = b[i][j];
      }
      double[] sol = solve(col);
      for (int i = 0; i < n; i++) {
        x[i][j] = sol[i];
      }
    }
    return x;
  }

  /** A matrix that is not positive definite (to working precision). */
  static final class NotPositiveDefinite extends ArithmeticException {
    NotPositiveDefinite(int pivot, double value) {
      super("matrix is not positive definite (pivot " + pivot + " = " + value + ")");
    }
  }
}
