package dev.shears.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class TrainingForwardTest {
  static final T5Config WITH_DROPOUT =
      new T5Config(40, 16, 4, 12, 2, 2, 4, 8, 16, 0.1, 1e-6, 1.0, "relu", true, true, 0, 1, 0);

  @Test
  void dropoutAppliesOnlyInTrainingAndFollowsTheEngineSeed() {
    try (NDManager m = NDManager.newBaseManager();
        T5Model model = T5Model.initialize(WITH_DROPOUT, 4, m)) {
      NDArray ids = m.create(new long[] {5, 6, 7, 8}, new Shape(1, 4));
      NDArray dec = m.create(new long[] {0, 9, 10}, new Shape(1, 3));
      float[] eval1 = model.forward(ids, null, dec, null, Gates.none(), false).logits().toFloatArray();
      float[] eval2 = model.forward(ids, null, dec, null, Gates.none()).logits().toFloatArray();
      Engine.getInstance().setRandomSeed(42);
      float[] train1 = model.forward(ids, null, dec, null, Gates.none(), true).logits().toFloatArray();
      Engine.getInstance().setRandomSeed(42);
      float[] train2 = model.forward(ids, null, dec, null, Gates.none(), true).logits().toFloatArray();
      assertThat(eval1).containsExactly(eval2);
      assertThat(train1).isNotEqualTo(eval1);
      assertThat(train1).containsExactly(train2);
    }
  }

  @Test
  void outputsBelongToTheCallersScope() {
    try (NDManager m = NDManager.newBaseManager();
        T5Model model = T5Model.initialize(PruningTest.RELU.withNumDecoderLayers(2), 4, m)) {
      NDArray ids = m.create(new long[] {5, 6, 7, 8}, new Shape(1, 4));
      NDArray dec = m.create(new long[] {0, 9, 10}, new Shape(1, 3));
      Seq2SeqOutput out;
      NDArray logits;
      try (NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        out = model.forward(ids, null, dec, null, Gates.none());
        logits = model.logits(ids, null, dec, null, Gates.none());
        assertThat(out.logits().isReleased()).isFalse();
      }
      assertThat(out.logits().isReleased()).isTrue();
      assertThat(out.decoderBlockOutputs().get(0).isReleased()).isTrue();
      assertThat(logits.isReleased()).isTrue();
      assertThat(ids.isReleased()).isFalse();
    }
  }
}
