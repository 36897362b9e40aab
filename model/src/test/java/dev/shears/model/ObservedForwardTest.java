package dev.shears.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObservedForwardTest {
  @Test
  void everyOutputProjectionInputIsShownInForwardOrderAndSkippedSublayersAreNot() {
    try (NDManager m = NDManager.newBaseManager();
        T5Model model = T5Model.initialize(PruningTest.RELU, 5, m)) {
      NDArray ids = m.create(new long[] {5, 6, 7, 8, 9, 10}, new Shape(2, 3));
      NDArray dec = m.create(new long[] {0, 11, 0, 12}, new Shape(2, 2));
      List<String> seen = new ArrayList<>();
      List<Shape> shapes = new ArrayList<>();
      new ObservedForward(model).run(ids, null, dec, null, (weight, input) -> {
        seen.add(weight);
        shapes.add(input.getShape());
      });
      T5Config c = PruningTest.RELU;
      assertThat(seen).hasSize(2 * c.numLayers() + 3 * c.numDecoderLayers());
      assertThat(seen.get(0)).isEqualTo("encoder.block.0.layer.0.SelfAttention.o.weight");
      assertThat(seen.get(1)).isEqualTo("encoder.block.0.layer.1.DenseReluDense.wo.weight");
      assertThat(seen.get(2 * c.numLayers() + 1)).isEqualTo("decoder.block.0.layer.1.EncDecAttention.o.weight");
      assertThat(shapes.get(0)).isEqualTo(new Shape(2, 3, (long) c.numHeads() * c.dKv()));
      assertThat(shapes.get(1)).isEqualTo(new Shape(2, 3, c.dFf()));
      assertThat(shapes.get(2 * c.numLayers())).isEqualTo(new Shape(2, 2, (long) c.numHeads() * c.dKv()));

      // A sublayer pruned away has no projection to observe.
      try (NDArray none = m.zeros(new Shape(c.numLayers(), c.numHeads()));
          T5Model pruned = PhysicalPruner.prune(model, Gates.builder().optEncoderHeads(none).build())) {
        List<String> prunedSeen = new ArrayList<>();
        new ObservedForward(pruned).run(ids, null, dec, null, (weight, input) -> prunedSeen.add(weight));
        assertThat(prunedSeen).hasSize(c.numLayers() + 3 * c.numDecoderLayers())
            .noneMatch(w -> w.startsWith("encoder.") && w.contains("SelfAttention"));
      }
    }
  }
}
