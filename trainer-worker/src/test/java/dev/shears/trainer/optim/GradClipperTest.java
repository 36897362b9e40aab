package dev.shears.trainer.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradClipperTest {

  @Test
  void scalesAllGradientsByTheGlobalNorm() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.create(new float[] {1f});
      NDArray b = m.create(new float[] {1f});
      a.setRequiresGradient(true);
      b.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        gc.backward(a.mul(3).add(b.mul(4)).sum());
      }
      double norm = new GradClipper(1.0).clip(List.of(a, b));
      assertThat(norm).isCloseTo(5.0, within(1e-6));
      assertThat((double) a.getGradient().getFloat(0)).isCloseTo(0.6, within(1e-6));
      assertThat((double) b.getGradient().getFloat(0)).isCloseTo(0.8, within(1e-6));

      double again = new GradClipper(10.0).clip(List.of(a, b));
      assertThat(again).isCloseTo(1.0, within(1e-5));
      assertThat((double) a.getGradient().getFloat(0)).isCloseTo(0.6, within(1e-6));
    }
  }
}
