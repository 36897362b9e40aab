package dev.shears.trainer.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdamWTest {

  /** Gradient of sum(p·c) is c: lets the test choose the gradient exactly. */
  private static void backward(NDArray p, double... gradient) {
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      gc.backward(p.mul(p.getManager().create(gradient)).sum());
    }
  }

  @Test
  void twoStepsMatchHandComputedValues() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray p = m.create(new double[] {1.0, -2.0});
      p.setRequiresGradient(true);
      AdamW adam = new AdamW("model", m, List.of(p), new AdamW.Settings(0.9, 0.999, 1e-8, 0.01));

      backward(p, 0.5, -0.1);
      adam.step(0.1);
      // Step 1: m̂ = g, v̂ = g², so the update is lr·g/(|g|+ε); decay multiplies by 1 − lr·wd = 0.999.
      double[] after1 = p.toDoubleArray();
      assertThat(after1[0]).isCloseTo(0.999 - 0.1 * 0.5 / (0.5 + 1e-8), within(1e-12));
      assertThat(after1[1]).isCloseTo(-1.998 + 0.1 * 0.1 / (0.1 + 1e-8), within(1e-12));

      backward(p, 0.2, 0.3);
      adam.step(0.1);
      // Step 2 by hand: m = [0.065, 0.021], v = [2.8975e-4, 9.999e-5], 1−β1² = 0.19, 1−β2² = 0.001999.
      double m0 = 0.065 / 0.19;
      double m1 = 0.021 / 0.19;
      double v0 = Math.sqrt(2.8975e-4 / 0.001999) + 1e-8;
      double v1 = Math.sqrt(9.999e-5 / 0.001999) + 1e-8;
      double[] after2 = p.toDoubleArray();
      assertThat(after2[0]).isCloseTo(after1[0] * 0.999 - 0.1 * m0 / v0, within(1e-12));
      assertThat(after2[1]).isCloseTo(after1[1] * 0.999 - 0.1 * m1 / v1, within(1e-12));
      assertThat(adam.steps()).isEqualTo(2);
      assertThat(p.getGradient().toDoubleArray()).containsExactly(0.0, 0.0);
    }
  }

  @Test
  void negativeLearningRateAscends() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray lambda = m.create(new float[] {0f});
      lambda.setRequiresGradient(true);
      AdamW ascent = new AdamW("lagrangian", m, List.of(lambda), AdamW.Settings.DEFAULT);
      backward(lambda, 0.25);
      ascent.step(-0.01);
      assertThat((double) lambda.getFloat(0)).isCloseTo(0.01, within(1e-6));
    }
  }

  @Test
  void restoredMomentsContinueTheSameTrajectory() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.create(new float[] {0.3f, -0.7f, 1.1f});
      a.setRequiresGradient(true);
      AdamW first = new AdamW("model", m, List.of(a), AdamW.Settings.DEFAULT);
      backward(a, 0.1, 0.2, -0.3);
      first.step(0.05);

      NDArray b = a.duplicate();
      b.setRequiresGradient(true);
      AdamW second = new AdamW("model", m, List.of(b), AdamW.Settings.DEFAULT);
      second.restore(first.steps(), List.of(first.firstMoments().get(0).toFloatArray()),
          List.of(first.secondMoments().get(0).toFloatArray()));

      backward(a, -0.4, 0.5, 0.6);
      first.step(0.05);
      backward(b, -0.4, 0.5, 0.6);
      second.step(0.05);
      assertThat(b.toFloatArray()).containsExactly(a.toFloatArray());
      assertThat(b.getDataType()).isEqualTo(DataType.FLOAT32);
    }
  }
}
