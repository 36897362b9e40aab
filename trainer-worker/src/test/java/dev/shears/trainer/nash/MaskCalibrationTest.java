package dev.shears.trainer.nash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class MaskCalibrationTest {
  /** The FFN sparsity of 4 layers × 256 dimensions whose masks are NASH's rounded masks of log α + δ. */
  private static DoubleUnaryOperator ffnSparsity(float[][] logAlpha) {
    return d -> {
      float[][] mask = HardConcreteGate.deterministic(logAlpha, d);
      double zeros = 0;
      for (float[] row : mask) {
        for (float v : row) {
          zeros += v == 0f ? 1 : 0;
        }
      }
      return zeros / (mask.length * mask[0].length);
    };
  }

  private static float[][] logAlpha(long seed, double mean, double sd) {
    SeededRandom random = new SeededRandom(seed);
    float[][] out = new float[4][256];
    for (float[] row : out) {
      for (int j = 0; j < row.length; j++) {
        row[j] = (float) Math.max(HardConcreteGate.LOG_ALPHA_MIN,
            Math.min(HardConcreteGate.LOG_ALPHA_MAX, mean + sd * random.nextGaussian()));
      }
    }
    return out;
  }

  @Test
  void shiftedMasksRealiseTheTargetWhereverTheGatesEnded() {
    for (long seed = 1; seed <= 10; seed++) {
      // Gates that ended under-pruned, over-pruned and near their target, as a short Lagrangian run leaves them.
      for (double mean : new double[] {-3, -1, 0, 2, 4}) {
        float[][] gates = logAlpha(seed, mean, 1.5);
        DoubleUnaryOperator realised = ffnSparsity(gates);
        for (double target : new double[] {0.1, 0.3, 0.6}) {
          double shift = MaskCalibration.shift(realised, target);
          assertThat(realised.applyAsDouble(shift)).as("seed %d, mean %s, target %s", seed, mean, target)
              .isCloseTo(target, within(0.005));
        }
      }
    }
  }

  @Test
  void masksAlreadyAtTheTargetAreLeftAsNashMakesThem() {
    // 29 of 100 dimensions per row zeroed by round(n − ΣP): a target of exactly that is met unshifted.
    float[][] gates = new float[2][100];
    for (float[] row : gates) {
      for (int j = 0; j < row.length; j++) {
        row[j] = j < 30 ? (float) HardConcreteGate.LOG_ALPHA_MIN + 0.01f * j : (float) HardConcreteGate.LOG_ALPHA_MAX;
      }
    }
    DoubleUnaryOperator realised = ffnSparsity(gates);
    assertThat(realised.applyAsDouble(0)).isEqualTo(0.29);
    assertThat(MaskCalibration.shift(realised, 0.29)).isZero();
  }

  @Test
  void theOrderOfTheGatesIsKept() {
    float[][] gates = logAlpha(3, 2, 1.5);
    float[][] mask = HardConcreteGate.deterministic(gates, MaskCalibration.shift(ffnSparsity(gates), 0.6));
    for (int l = 0; l < gates.length; l++) {
      float largestDropped = Float.NEGATIVE_INFINITY;
      float smallestKept = Float.POSITIVE_INFINITY;
      for (int j = 0; j < gates[l].length; j++) {
        if (mask[l][j] == 0f) {
          largestDropped = Math.max(largestDropped, gates[l][j]);
        } else {
          smallestKept = Math.min(smallestKept, gates[l][j]);
        }
      }
      assertThat(largestDropped).isLessThanOrEqualTo(smallestKept);
    }
  }

  @Test
  void anUnreachableTargetGivesTheNearestEnd() {
    // Every gate at the floor: even the largest shift keeps nothing more than ε per gate, so 0 sparsity is the end.
    float[][] gates = new float[1][8];
    java.util.Arrays.fill(gates[0], (float) HardConcreteGate.LOG_ALPHA_MIN);
    DoubleUnaryOperator realised = ffnSparsity(gates);
    assertThat(realised.applyAsDouble(MaskCalibration.shift(realised, 0.0))).isZero();
    assertThat(realised.applyAsDouble(MaskCalibration.shift(realised, 0.99))).isEqualTo(1.0);
  }
}
