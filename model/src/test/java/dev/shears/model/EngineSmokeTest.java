package dev.shears.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class EngineSmokeTest {

  @Test
  void matmulAndBackwardRunOfflineOnPyTorch() {
    assertThat(Engine.getInstance().getEngineName()).isEqualTo("PyTorch");
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray w = manager.create(new float[] {1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(2, 2));
      w.setRequiresGradient(true);
      NDArray x = manager.create(new float[] {1, 1}, new ai.djl.ndarray.types.Shape(1, 2));
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray y = x.matMul(w).sum();
        gc.backward(y);
      }
      assertThat(w.getGradient().toFloatArray()).containsExactly(1, 1, 1, 1);
    }
  }
}
