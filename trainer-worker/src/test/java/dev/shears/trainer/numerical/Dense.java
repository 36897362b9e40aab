package dev.shears.trainer.numerical;

import java.util.Random;

/** Small dense-matrix helpers for the tests: products straight from the definitions, and a pivoting solver. */
final class Dense {
  private Dense() {}

  /** Correlated calibration inputs: N × D, X = Z·M with Z standard normal, so XᵀX is not diagonal. */
  static double[][] inputs(Random r, int n, int d) {
    double[][] mix = gaussian(r, d, d);
    double[][] z = gaussian(r, n, d);
    return multiply(z, mix);
  }

  static double[][] gaussian(Random r, int rows, int cols) {
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = r.nextGaussian();
      }
    }
    return m;
  }

  static double[][] multiply(double[][] a, double[][] b) {
    double[][] out = new double[a.length][b[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int k = 0; k < b.length; k++) {
        for (int j = 0; j < b[0].length; j++) {
          out[i][j] += a[i][k] * b[k][j];
        }
      }
    }
    return out;
  }

  static double[][] transpose(double[][] a) {
    double[][] out = new double[a[0].length][a.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        out[j][i] = a[i][j];
      }
    }
    return out;
  }

  static double[][] gram(double[][] x) {
    return multiply(transpose(x), x);
  }

  /** ‖A − B‖²_F. */
  static double distance(double[][] a, double[][] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        double d = a[i][j] - b[i][j];
        s += d * d;
      }
    }
    return s;
  }

  static double[][] columns(double[][] m, int[] cols) {
    double[][] out = new double[m.length][cols.length];
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < cols.length; j++) {
        out[i][j] = m[i][cols[j]];
      }
    }
    return out;
  }

  /** x with A·x = b by Gaussian elimination with partial pivoting (A general, square). */
  static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    double[][] m = new double[n][n + 1];
    for (int i = 0; i < n; i++) {
      System.arraycopy(a[i], 0, m[i], 0, n);
      m[i][n] = b[i];
    }
    for (int c = 0; c < n; c++) {
      int p = c;
      for (int i = c + 1; i < n; i++) {
        if (Math.abs(m[i][c]) > Math.abs(m[p][c])) {
          p = i;
        }
      }
      double[] t = m[c];
      m[c] = m[p];
      m[p] = t;
      for (int i = c + 1; i < n; i++) {
        double f = m[i][c] / m[c][c];
        for (int j = c; j <= n; j++) {
          m[i][j] -= f * m[c][j];
        }
      }
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double s = m[i][n];
      for (int j = i + 1; j < n; j++) {
        s -= m[i][j] * x[j];
      }
      x[i] = s / m[i][i];
    }
    return x;
  }
}
