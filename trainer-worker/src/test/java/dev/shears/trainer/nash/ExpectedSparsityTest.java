package dev.shears.trainer.nash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class ExpectedSparsityTest {

  @Test
  void t5BaseDenominatorMatchesTheReleasedCode() {
    // implementation notes §2: 196,608 per head, 1,536 per ReLU FFN dim, 2,304 gated, M_enc = 84,934,656.
    ExpectedSparsity relu = new ExpectedSparsity(12, 12, 768, 64, 3072, false);
    assertThat(relu.paramsPerHead()).isEqualTo(196_608);
    assertThat(relu.paramsPerFfnDim()).isEqualTo(1_536);
    assertThat(relu.prunableParams()).isEqualTo(84_934_656L);
    ExpectedSparsity gated = new ExpectedSparsity(12, 12, 768, 64, 2048, true);
    assertThat(gated.paramsPerFfnDim()).isEqualTo(2_304);
    assertThat(gated.prunableParams()).isEqualTo(84_934_656L);
  }

  @Test
  void expectedSparsityWeighsHeadsAndFfnDimsByTheirParameters() {
    ExpectedSparsity size = new ExpectedSparsity(2, 2, 4, 2, 8, false);
    // per head 32, per FFN dim 8, M = 2·(64 + 64) = 256.
    try (NDManager m = NDManager.newBaseManager()) {
      var heads = m.create(new float[] {1, 0, 1, 1}, new Shape(2, 2));
      var ffn = m.ones(new Shape(2, 8)).mul(0.5);
      double expected = 1 - (3 * 32 + 8 * 8) / 256.0;
      assertThat((double) size.expected(heads, ffn).getFloat()).isCloseTo(expected, within(1e-6));
      assertThat(size.expected(new double[][] {{1, 0}, {1, 1}},
          new double[][] {{.5, .5, .5, .5, .5, .5, .5, .5}, {.5, .5, .5, .5, .5, .5, .5, .5}}))
          .isCloseTo(expected, within(1e-12));
      assertThatThrownBy(() -> size.expected(ffn, heads)).hasMessageContaining("head gates must be [2, 2]");
    }
    assertThat(size.measured(new int[] {1, 2}, new int[] {4, 4})).isCloseTo(expected(size), within(1e-12));
  }

  private static double expected(ExpectedSparsity size) {
    return 1 - (3 * 32 + 8 * 8) / 256.0;
  }
}
