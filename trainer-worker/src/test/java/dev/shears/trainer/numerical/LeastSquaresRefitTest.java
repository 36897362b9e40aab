package dev.shears.trainer.numerical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LeastSquaresRefitTest {
  private static final int N = 200;
  private static final int D = 12;
  private static final int OUT = 6;

  /** ‖X·Wᵀ − X_K·W'_Kᵀ‖² straight from the calibration inputs. */
  private static double directError(double[][] x, double[][] weight, int[] kept, double[][] keptColumns) {
    double[][] dense = Dense.multiply(x, Dense.transpose(weight));
    double[][] pruned = Dense.multiply(Dense.columns(x, kept), Dense.transpose(keptColumns));
    return Dense.distance(dense, pruned);
  }

  private static int[] randomKept(Random r, int d, int keep) {
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < d; i++) {
      all.add(i);
    }
    Collections.shuffle(all, r);
    return all.subList(0, keep).stream().mapToInt(Integer::intValue).sorted().toArray();
  }

  @Test
  void theRefitNeverReconstructsWorseThanSlicing() {
    Random r = new Random(17);
    for (int trial = 0; trial < 30; trial++) {
      double[][] x = Dense.inputs(r, N, D);
      double[][] weight = Dense.gaussian(r, OUT, D);
      int[] kept = randomKept(r, D, 1 + r.nextInt(D - 1));
      double sliced = directError(x, weight, kept, Dense.columns(weight, kept));
      for (double ridge : new double[] {0, 0.01, 1}) {
        double[][] refit = LeastSquaresRefit.refit(Dense.gram(x), weight, kept, ridge);
        double error = directError(x, weight, kept, refit);
        assertThat(error).as("trial %d ridge %s", trial, ridge).isLessThanOrEqualTo(sliced * (1 + 1e-12));
        if (ridge == 0.01) {
          assertThat(error).isLessThan(sliced); // correlated inputs: the kept channels carry the pruned ones' signal
        }
      }
    }
  }

  @Test
  void withoutRidgeItIsTheLeastSquaresOptimum() {
    Random r = new Random(23);
    double[][] x = Dense.inputs(r, N, D);
    double[][] weight = Dense.gaussian(r, OUT, D);
    int[] kept = {0, 3, 4, 7, 8, 11};
    double[][] refit = LeastSquaresRefit.refit(Dense.gram(x), weight, kept, 0);
    // Normal equations: X_Kᵀ·(X_K·W'_Kᵀ − X·Wᵀ) = 0
    double[][] xk = Dense.columns(x, kept);
    double[][] residual = Dense.multiply(xk, Dense.transpose(refit));
    double[][] dense = Dense.multiply(x, Dense.transpose(weight));
    for (int i = 0; i < residual.length; i++) {
      for (int j = 0; j < residual[0].length; j++) {
        residual[i][j] -= dense[i][j];
      }
    }
    double[][] normal = Dense.multiply(Dense.transpose(xk), residual);
    double scale = Math.sqrt(Dense.distance(dense, new double[N][OUT]));
    for (double[] row : normal) {
      for (double v : row) {
        assertThat(Math.abs(v)).isLessThan(1e-8 * scale * scale);
      }
    }
  }

  @Test
  void theErrorFromTheGramEqualsTheErrorFromTheInputs() {
    Random r = new Random(29);
    double[][] x = Dense.inputs(r, N, D);
    double[][] weight = Dense.gaussian(r, OUT, D);
    int[] kept = {1, 2, 5, 9};
    double[][] g = Dense.gram(x);
    double[][] refit = LeastSquaresRefit.refit(g, weight, kept, 0.01);
    assertThat(LeastSquaresRefit.error(g, weight, kept, refit))
        .isCloseTo(directError(x, weight, kept, refit), within(1e-6 * directError(x, weight, kept, refit)));
    assertThat(LeastSquaresRefit.energy(g, weight))
        .isCloseTo(Dense.distance(Dense.multiply(x, Dense.transpose(weight)), new double[N][OUT]), within(1e-6));
  }

  @Test
  void keepingEverythingOrNothingLeavesTheWeightsAlone() {
    Random r = new Random(31);
    double[][] x = Dense.inputs(r, N, D);
    double[][] weight = Dense.gaussian(r, OUT, D);
    int[] all = java.util.stream.IntStream.range(0, D).toArray();
    assertThat(LeastSquaresRefit.refit(Dense.gram(x), weight, all, 0.01)).isDeepEqualTo(weight);
    assertThat(LeastSquaresRefit.refit(Dense.gram(x), weight, new int[0], 0.01)[0]).isEmpty();
    double[][] dead = new double[D][D]; // no calibration signal at all: nothing to fit with
    assertThat(LeastSquaresRefit.refit(dead, weight, new int[] {1, 2}, 0.01))
        .isDeepEqualTo(Dense.columns(weight, new int[] {1, 2}));
  }
}
