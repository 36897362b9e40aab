package dev.shears.trainer.numerical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChannelScoresTest {
  private static final int N = 60;
  private static final int D = 7;
  private static final int OUT = 5;

  /**
   * The paper's objective evaluated from its definition: ½‖X·diag(v)·W‖² with v = z − 1 and W the paper's D × D′
   * weight, i.e. the transpose of the stored {@code [out][D]} weight.
   */
  private static double objective(double[][] x, double[][] weight, double[] v) {
    double s = 0;
    for (double[] row : x) {
      for (double[] w : weight) {
        double y = 0;
        for (int j = 0; j < v.length; j++) {
          y += row[j] * v[j] * w[j];
        }
        s += y * y;
      }
    }
    return s / 2;
  }

  /**
   * Brute force: the Hessian of the objective by polarisation of its values, then the constrained minimum (1ᵀz =
   * (1−ρ)D) from the KKT system solved by Gaussian elimination. Shares nothing with the closed form under test.
   */
  private static double[] bruteForce(double[][] x, double[][] weight, double rho) {
    int d = x[0].length;
    double[][] a = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        double[] ei = new double[d];
        double[] ej = new double[d];
        double[] both = new double[d];
        ei[i] = 1;
        ej[j] = 1;
        both[i] += 1;
        both[j] += 1;
        a[i][j] = objective(x, weight, both) - objective(x, weight, ei) - objective(x, weight, ej);
      }
    }
    double[][] kkt = new double[d + 1][d + 1];
    double[] rhs = new double[d + 1];
    for (int i = 0; i < d; i++) {
      System.arraycopy(a[i], 0, kkt[i], 0, d);
      kkt[i][d] = 1;
      kkt[d][i] = 1;
    }
    rhs[d] = -rho * d; // 1ᵀv = (1−ρ)D − D
    double[] v = Dense.solve(kkt, rhs);
    double[] z = new double[d];
    for (int i = 0; i < d; i++) {
      z[i] = 1 + v[i];
    }
    return z;
  }

  @Test
  void scoresAreTheConstrainedMinimumOfThePapersObjective() {
    Random r = new Random(11);
    for (double rho : new double[] {0.2, 0.5, 0.8}) {
      double[][] x = Dense.inputs(r, N, D);
      double[][] weight = Dense.gaussian(r, OUT, D);
      double[] z = ChannelScores.of(Dense.gram(x), weight, rho);
      double[] expected = bruteForce(x, weight, rho);
      for (int i = 0; i < D; i++) {
        assertThat(z[i]).as("rho %s channel %d", rho, i).isCloseTo(expected[i], within(1e-5));
      }
      assertThat(Arrays.stream(z).sum()).isCloseTo((1 - rho) * D, within(1e-9));
    }
  }

  @Test
  void noFeasiblePerturbationLowersTheObjective() {
    Random r = new Random(5);
    double[][] x = Dense.inputs(r, N, D);
    double[][] weight = Dense.gaussian(r, OUT, D);
    double[] z = ChannelScores.of(Dense.gram(x), weight, 0.4);
    double[] v = new double[D];
    for (int i = 0; i < D; i++) {
      v[i] = z[i] - 1;
    }
    double best = objective(x, weight, v);
    for (int trial = 0; trial < 200; trial++) {
      double[] step = new double[D];
      double mean = 0;
      for (int i = 0; i < D; i++) {
        step[i] = r.nextGaussian() * 1e-2;
        mean += step[i] / D;
      }
      double[] moved = new double[D];
      for (int i = 0; i < D; i++) {
        moved[i] = v[i] + step[i] - mean; // stays on 1ᵀz = (1−ρ)D
      }
      assertThat(objective(x, weight, moved)).isGreaterThanOrEqualTo(best * (1 - 1e-9));
    }
  }

  @Test
  void withUncorrelatedChannelsTheRankingIsInputTimesWeightEnergy() {
    Random r = new Random(3);
    double[][] x = new double[D][D]; // orthogonal columns: G diagonal
    double[] norms = new double[D];
    for (int j = 0; j < D; j++) {
      x[j][j] = 0.5 + r.nextDouble() * 3;
    }
    double[][] weight = Dense.gaussian(r, OUT, D);
    for (int j = 0; j < D; j++) {
      double w = 0;
      for (double[] row : weight) {
        w += row[j] * row[j];
      }
      norms[j] = x[j][j] * x[j][j] * w;
    }
    double[] z = ChannelScores.of(Dense.gram(x), weight, 0.5);
    Integer[] byScore = order(z);
    Integer[] byEnergy = order(norms);
    assertThat(byScore).containsExactly(byEnergy);
  }

  @Test
  void deadChannelsScoreLowestAndTheRestStillSumToTheirShare() {
    Random r = new Random(8);
    double[][] x = Dense.inputs(r, N, D);
    for (double[] row : x) {
      row[2] = 0; // a ReLU unit that never fired
    }
    double[][] weight = Dense.gaussian(r, OUT, D);
    Arrays.fill(weight[0], 0);
    for (double[] w : weight) {
      w[5] = 0; // a zero weight row in the paper's orientation
    }
    double[] z = ChannelScores.of(Dense.gram(x), weight, 0.3);
    assertThat(z[2]).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(z[5]).isEqualTo(Double.NEGATIVE_INFINITY);
    double live = 0;
    for (int i = 0; i < D; i++) {
      if (i != 2 && i != 5) {
        assertThat(z[i]).isFinite();
        live += z[i];
      }
    }
    assertThat(live).isCloseTo(0.7 * (D - 2), within(1e-9));
    assertThat(ChannelScores.of(new double[3][3], Dense.gaussian(r, 2, 3), 0.5))
        .containsOnly(Double.NEGATIVE_INFINITY);
  }

  @Test
  void aHeadScoresTheMeanOfItsLiveChannels() {
    double[] z = {0.2, 0.4, Double.NEGATIVE_INFINITY, 0.9, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
    assertThat(ChannelScores.unitScore(z, 0, 3)).isCloseTo(0.3, within(1e-12));
    assertThat(ChannelScores.unitScore(z, 3, 3)).isCloseTo(0.9, within(1e-12));
    assertThat(ChannelScores.unitScore(z, 4, 2)).isEqualTo(Double.NEGATIVE_INFINITY);
  }

  private static Integer[] order(double[] v) {
    Integer[] idx = new Integer[v.length];
    for (int i = 0; i < v.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> Double.compare(v[a], v[b]));
    return idx;
  }
}
