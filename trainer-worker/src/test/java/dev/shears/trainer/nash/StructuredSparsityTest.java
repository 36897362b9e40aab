package dev.shears.trainer.nash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class StructuredSparsityTest {
  private static final int SAMPLES = 4000;

  @Test
  void headsUnderASublayerGateMatchMonteCarloOfTheHardConcreteSamples() {
    // CoFi: a head survives when its own gate and its layer's attention gate are both non-zero.
    StructuredSparsity sparsity = new StructuredSparsity(List.of(
        new StructuredSparsity.Group("heads", 3, 4, 32), new StructuredSparsity.Group("ffn", 3, 5, 8)));
    try (NDManager m = NDManager.newBaseManager()) {
      SeededRandom random = new SeededRandom(11);
      HardConcreteGate heads = spread("heads", m, 3, 4, random);
      HardConcreteGate headLayers = spread("headLayers", m, 1, 3, random);
      HardConcreteGate ffn = spread("ffn", m, 3, 5, random);
      double closed = sparsity.expected(List.of(
          new StructuredSparsity.Probabilities(heads.probNonZero(), headLayers.probNonZero()),
          new StructuredSparsity.Probabilities(ffn.probNonZero(), null))).getFloat();
      double sum = 0;
      for (int i = 0; i < SAMPLES; i++) {
        float[] h = heads.sample(random).toFloatArray();
        float[] hl = headLayers.sample(random).toFloatArray();
        float[] f = ffn.sample(random).toFloatArray();
        double kept = 0;
        for (int l = 0; l < 3; l++) {
          for (int j = 0; j < 4; j++) {
            kept += (h[l * 4 + j] != 0 && hl[l] != 0) ? 32 : 0;
          }
          for (int j = 0; j < 5; j++) {
            kept += f[l * 5 + j] != 0 ? 8 : 0;
          }
        }
        sum += 1 - kept / sparsity.prunableParams();
      }
      // The sample mean of a value in [0, 1] over 4000 draws: standard error below 0.008.
      assertThat(sum / SAMPLES).isCloseTo(closed, within(0.025));
      assertThat(closed).isBetween(0.2, 0.8);
      assertThat(sparsity.expected(new double[][][] {heads.probNonZeroValues(), ffn.probNonZeroValues()},
          new double[][] {headLayers.probNonZeroValues()[0], null})).isCloseTo(closed, within(1e-5));
    }
  }

  @Test
  void wholeSublayerGatesMatchMonteCarloAndCountEverySublayerParameter() {
    // l0 decoder selection: one gate per sublayer, the unit is the whole sublayer.
    StructuredSparsity sparsity = new StructuredSparsity(List.of(
        new StructuredSparsity.Group("self", 4, 1, 100), new StructuredSparsity.Group("ffn", 4, 1, 300)));
    assertThat(sparsity.prunableParams()).isEqualTo(1600);
    try (NDManager m = NDManager.newBaseManager()) {
      SeededRandom random = new SeededRandom(5);
      HardConcreteGate self = spread("self", m, 1, 4, random);
      HardConcreteGate ffn = spread("ffn", m, 1, 4, random);
      double closed = sparsity.expected(List.of(new StructuredSparsity.Probabilities(null, self.probNonZero()),
          new StructuredSparsity.Probabilities(null, ffn.probNonZero()))).getFloat();
      double sum = 0;
      for (int i = 0; i < SAMPLES; i++) {
        float[] s = self.sample(random).toFloatArray();
        float[] f = ffn.sample(random).toFloatArray();
        double kept = 0;
        for (int l = 0; l < 4; l++) {
          kept += (s[l] != 0 ? 100 : 0) + (f[l] != 0 ? 300 : 0);
        }
        sum += 1 - kept / 1600;
      }
      assertThat(sum / SAMPLES).isCloseTo(closed, within(0.025));
      assertThat(closed).isBetween(0.2, 0.8);
    }
  }

  @Test
  void matchesTheEncoderFormulaWithoutSublayerGatesAndNamesAWrongShape() {
    ExpectedSparsity encoder = new ExpectedSparsity(2, 2, 4, 2, 8, false);
    StructuredSparsity same = new StructuredSparsity(List.of(
        new StructuredSparsity.Group("encoder.heads", 2, 2, encoder.paramsPerHead()),
        new StructuredSparsity.Group("encoder.ffn", 2, 8, encoder.paramsPerFfnDim())));
    assertThat(same.prunableParams()).isEqualTo(encoder.prunableParams());
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray heads = m.create(new float[] {1, 0, 1, 1}, new Shape(2, 2));
      NDArray ffn = m.ones(new Shape(2, 8)).mul(0.5);
      assertThat(same.expected(List.of(new StructuredSparsity.Probabilities(heads, null),
          new StructuredSparsity.Probabilities(ffn, null))).getFloat())
          .isCloseTo(encoder.expected(heads, ffn).getFloat(), within(1e-6f));
      assertThatThrownBy(() -> same.expected(List.of(new StructuredSparsity.Probabilities(ffn, null),
          new StructuredSparsity.Probabilities(ffn, null))))
          .hasMessageContaining("encoder.heads gates must be [2, 2]");
    }
  }

  /** Gates whose log α spread over [−3, 3], so that P(z≠0) ranges widely. */
  private static HardConcreteGate spread(String name, NDManager m, int layers, int n, SeededRandom random) {
    float[][] la = new float[layers][n];
    for (int l = 0; l < layers; l++) {
      for (int j = 0; j < n; j++) {
        la[l][j] = (float) (-3 + 6 * random.nextDouble());
      }
    }
    return HardConcreteGate.of(name, m, la);
  }
}
