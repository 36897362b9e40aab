package dev.shears.trainer.nash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HardConcreteGateTest {
  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void samplesStayInTheUnitIntervalAndHitBothEnds() {
    HardConcreteGate gate = HardConcreteGate.init("g", manager, 2, 2000, 0, 2, new SeededRandom(1));
    float[] z = gate.sample(new SeededRandom(2)).toFloatArray();
    assertThat(min(z)).isGreaterThanOrEqualTo(0f);
    assertThat(max(z)).isLessThanOrEqualTo(1f);
    assertThat(count(z, 0f)).isGreaterThan(100);
    assertThat(count(z, 1f)).isGreaterThan(100);
  }

  @Test
  void closedFormProbabilityOfNonZeroMatchesMonteCarlo() {
    for (double logAlpha : new double[] {-4.6052, -2, -0.5, 0, 1, 3, 4.6052}) {
      HardConcreteGate gate = HardConcreteGate.init("g", manager, 1, 4000, logAlpha, 0, new SeededRandom(3));
      SeededRandom random = new SeededRandom(4);
      long nonZero = 0;
      int draws = 0;
      for (int i = 0; i < 10; i++) {
        float[] z = gate.sample(random).toFloatArray();
        draws += z.length;
        nonZero += z.length - count(z, 0f);
      }
      double closedForm = gate.probNonZero().toFloatArray()[0];
      // 40,000 Bernoulli draws: standard error <= 0.0025, so 0.01 is four sigma.
      assertThat((double) nonZero / draws).as("P(z != 0) at log alpha %s", logAlpha)
          .isCloseTo(closedForm, within(0.01));
      assertThat(closedForm).isCloseTo(HardConcreteGate.probNonZero(logAlpha), within(1e-6));
    }
  }

  @Test
  void probabilityOfNonZeroHasTheDocumentedValues() {
    // implementation notes §1: 0.832 at 0, 0.99798 at +4.6052, 0.0471 at −4.6052.
    assertThat(HardConcreteGate.NON_ZERO_SHIFT).isCloseTo(1.598597, within(1e-6));
    assertThat(HardConcreteGate.probNonZero(0)).isCloseTo(0.832, within(5e-4));
    assertThat(HardConcreteGate.probNonZero(4.6052)).isCloseTo(0.99798, within(5e-5));
    assertThat(HardConcreteGate.probNonZero(-4.6052)).isCloseTo(0.0471, within(5e-4));
  }

  @Test
  void expectedSparsityClosedFormMatchesMonteCarloOfSampledMasks() {
    ExpectedSparsity size = new ExpectedSparsity(3, 4, 16, 4, 64, false);
    SeededRandom random = new SeededRandom(5);
    HardConcreteGate heads = HardConcreteGate.init("heads", manager, 3, 4, 0.5, 1.5, random);
    HardConcreteGate ffn = HardConcreteGate.init("ffn", manager, 3, 64, -0.3, 1.5, random);
    double closedForm = size.expected(heads.probNonZero(), ffn.probNonZero()).getFloat();
    double sum = 0;
    int samples = 3000;
    for (int i = 0; i < samples; i++) {
      float[] zh = heads.sample(random).toFloatArray();
      float[] zf = ffn.sample(random).toFloatArray();
      long keptHeads = zh.length - count(zh, 0f);
      long keptFfn = zf.length - count(zf, 0f);
      sum += 1 - (keptHeads * size.paramsPerHead() + keptFfn * size.paramsPerFfnDim())
          / (double) size.prunableParams();
    }
    assertThat(sum / samples).isCloseTo(closedForm, within(0.005));
  }

  @Test
  void clampKeepsLogAlphaInsideTheDocumentedRange() {
    HardConcreteGate heads = HardConcreteGate.init("heads", manager, 2, 3, 10, 0.01, new SeededRandom(6));
    heads.clampLogAlpha();
    float[] high = heads.logAlpha().toFloatArray();
    assertThat((double) min(high)).isCloseTo(Math.log(100), within(1e-5));
    assertThat((double) max(high)).isCloseTo(Math.log(100), within(1e-5));
    HardConcreteGate low = HardConcreteGate.init("low", manager, 1, 3, -9, 0.01, new SeededRandom(6));
    low.clampLogAlpha();
    float[] lows = low.logAlpha().toFloatArray();
    assertThat((double) min(lows)).isCloseTo(Math.log(0.01), within(1e-5));
    assertThat((double) max(lows)).isCloseTo(Math.log(0.01), within(1e-5));
  }

  @Test
  void sampleIsDifferentiableInLogAlpha() {
    HardConcreteGate gate = HardConcreteGate.init("g", manager, 1, 50, 0, 0.5, new SeededRandom(7));
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      collector.backward(gate.sample(new SeededRandom(8)).sum());
    }
    float[] grad = gate.logAlpha().getGradient().toFloatArray();
    assertThat(count(grad, 0f)).isLessThan(grad.length);
    assertThat(min(grad)).isGreaterThanOrEqualTo(0f);
  }

  @Test
  void deterministicMaskZeroesTheRoundedExpectedCountOfSmallestGates() {
    float[][] logAlpha = {{-4.6f, 4.6f, -4.6f, 4.6f}, {4.6f, 4.6f, 4.6f, 0.1f}};
    HardConcreteGate gate = HardConcreteGate.of("g", manager, logAlpha);
    float[][] mask = gate.deterministic();
    // Row 0: n − ΣP = 4 − (2·0.998 + 2·0.047) = 1.91 → 2 zeros, at the two smallest log α.
    assertThat(mask[0][0]).isZero();
    assertThat(mask[0][2]).isZero();
    assertThat((double) mask[0][1]).isCloseTo(1 / (1 + Math.exp(-1.2 * 4.6)), within(1e-6));
    // Row 1: 4 − (3·0.998 + σ(1.698)=0.845) = 0.16 → no zero; kept gates stay fractional.
    assertThat(mask[1]).doesNotContain(0f);
    assertThat((double) mask[1][3]).isCloseTo(1 / (1 + Math.exp(-1.2 * 0.1)), within(1e-6));
  }

  private static float min(float[] values) {
    float m = Float.POSITIVE_INFINITY;
    for (float v : values) {
      m = Math.min(m, v);
    }
    return m;
  }

  private static float max(float[] values) {
    float m = Float.NEGATIVE_INFINITY;
    for (float v : values) {
      m = Math.max(m, v);
    }
    return m;
  }

  private static int count(float[] values, float target) {
    int n = 0;
    for (float v : values) {
      if (v == target) {
        n++;
      }
    }
    return n;
  }
}
