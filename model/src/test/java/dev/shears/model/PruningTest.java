package dev.shears.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PruningTest {
  static final T5Config GATED =
      new T5Config(40, 24, 8, 16, 2, 3, 4, 8, 16, 0.0, 1e-6, 1.0, "gated-gelu", false, false, 0, 1, 0);
  static final T5Config RELU =
      new T5Config(40, 16, 4, 12, 2, 6, 4, 8, 16, 0.0, 1e-6, 1.0, "relu", true, true, 0, 1, 0);

  @TempDir Path tmp;
  private NDManager m;

  @BeforeEach
  void open() {
    m = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    m.close();
  }

  @Test
  void uniformSelectionIsTheReleasedCodeRule() {
    assertThat(DecoderLayerSelection.uniform(12, 3)).containsExactly(0, 5, 11);
    assertThat(DecoderLayerSelection.uniform(12, 4)).containsExactly(0, 3, 7, 11);
    assertThat(DecoderLayerSelection.uniform(12, 2)).containsExactly(0, 11);
    assertThat(DecoderLayerSelection.uniform(12, 6)).containsExactly(0, 2, 4, 6, 8, 11);
    assertThat(DecoderLayerSelection.uniform(12, 1)).containsExactly(0);
    assertThat(DecoderLayerSelection.uniformPaper(12, 3)).containsExactly(0, 5, 10);
    assertThat(DecoderLayerSelection.uniformPaper(12, 4)).containsExactly(0, 3, 6, 9);
    assertThat(DecoderLayerSelection.low(12, 3)).containsExactly(0, 1, 2);
    assertThat(DecoderLayerSelection.high(12, 3)).containsExactly(9, 10, 11);
    assertThat(DecoderLayerSelection.parse("explicit:1,4", 12)).containsExactly(1, 4);
    assertThat(DecoderLayerSelection.parse("uniform:3", 12)).containsExactly(0, 5, 11);
    assertThatThrownBy(() -> DecoderLayerSelection.parse("uniform:13", 12))
        .hasMessageContaining("cannot keep 13 of 12");
    assertThatThrownBy(() -> DecoderLayerSelection.parse("middle:2", 12)).hasMessageContaining("middle");
  }

  @Test
  void selectedDecoderCopiesWeightsAndMovesTheBiasTable() {
    try (T5Model model = T5Model.initialize(RELU, 3, m);
        T5Model high = model.withDecoderLayers(DecoderLayerSelection.high(6, 2))) {
      assertThat(high.config().numDecoderLayers()).isEqualTo(2);
      assertThat(high.layout().decoderLayerMap()).containsExactly(4, 5);
      assertThat(floats(high, "decoder.block.0.layer.2.DenseReluDense.wo.weight"))
          .containsExactly(floats(model, "decoder.block.4.layer.2.DenseReluDense.wo.weight"));
      assertThat(floats(high, "decoder.block.1.layer.0.SelfAttention.q.weight"))
          .containsExactly(floats(model, "decoder.block.5.layer.0.SelfAttention.q.weight"));
      String bias = "decoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight";
      assertThat(floats(high, bias)).containsExactly(floats(model, bias));
      assertThat(high.numParameters()).isLessThan(model.numParameters());
      high.save(tmp.resolve("high"));
      try (T5Model again = T5Model.load(tmp.resolve("high"), m)) {
        assertThat(again.layout().decoderLayerMap()).containsExactly(4, 5);
      }
    }
  }

  @Test
  void corruptPruningJsonNamesTheKey() throws java.io.IOException {
    try (T5Model model = T5Model.initialize(RELU, 3, m);
        T5Model high = model.withDecoderLayers(new int[] {1, 2})) {
      high.save(tmp.resolve("sel"));
      Path pj = tmp.resolve("sel/pruning.json");
      Files.writeString(pj, Files.readString(pj).replaceFirst("\\[ 0, 1, 2, 3 \\]", "[ 0, 1, 7 ]"));
      assertThatThrownBy(() -> T5Model.load(tmp.resolve("sel"), m))
          .isInstanceOf(ModelFormatException.class)
          .hasMessageContaining("pruning.json")
          .hasMessageContaining("encoderHeads[0]");
    }
  }

  @Test
  void keepingEveryLayerChangesNothing() {
    try (T5Model model = T5Model.initialize(RELU, 3, m);
        T5Model same = model.withDecoderLayers(new int[] {0, 1, 2, 3, 4, 5});
        T5Model copy = model.copy()) {
      Batch b = batch(RELU);
      float[] expected = model.logits(b.ids, b.mask, b.dec, null, Gates.none()).toFloatArray();
      assertThat(same.logits(b.ids, b.mask, b.dec, null, Gates.none()).toFloatArray()).containsExactly(expected);
      copy.parameters().get("shared.weight").muli(2);
      assertThat(model.logits(b.ids, b.mask, b.dec, null, Gates.none()).toFloatArray()).containsExactly(expected);
      assertThat(copy.layout().decoderLayerMap()).containsExactly(0, 1, 2, 3, 4, 5);
    }
  }

  @Test
  void prunedForwardEqualsMaskedForward() {
    try (T5Model model = T5Model.initialize(GATED, 11, m)) {
      Gates gates =
          Gates.builder()
              .optEncoderHeads(m.create(new float[] {1, 0, 0.5f, 1, 0, 0, 0, 0}, new Shape(2, 4)))
              .optEncoderFfn(randomGates(2, 16, 5))
              .optDecoderSelfHeads(m.create(new float[] {0, 1, 1, 0.3f, 1, 1, 1, 1, 0, 0, 0.9f, 0}, new Shape(3, 4)))
              .optDecoderCrossHeads(randomGates(3, 4, 6))
              .optDecoderFfn(randomGates(3, 16, 7))
              .optDecoderFfnLayers(m.create(new float[] {1, 0, 0.7f}))
              .optEncoderFfnLayers(m.create(new float[] {0.8f, 1}))
              .build();
      Batch b = batch(GATED);
      float[] masked = model.logits(b.ids, b.mask, b.dec, null, gates).toFloatArray();
      try (T5Model pruned = PhysicalPruner.prune(model, gates)) {
        assertThat(pruned.layout().encoderHeads()[0]).containsExactly(0, 2, 3);
        assertThat(pruned.layout().encoderHeads()[1]).isEmpty();
        assertThat(pruned.layout().decoderSelfHeads()[0]).containsExactly(1, 2, 3);
        assertThat(pruned.layout().decoderFfnDims()[1]).isEmpty();
        assertThat(pruned.parameters()).doesNotContainKey("encoder.block.1.layer.0.SelfAttention.q.weight");
        assertThat(pruned.numParameters()).isLessThan(model.numParameters());
        float[] physical = pruned.logits(b.ids, b.mask, b.dec, null, Gates.none()).toFloatArray();
        assertClose(physical, masked);
        pruned.save(tmp.resolve("pruned"));
        assertThat(Files.exists(tmp.resolve("pruned/pruning.json"))).isTrue();
        try (T5Model loaded = T5Model.load(tmp.resolve("pruned"), m)) {
          assertThat(loaded.layout().decoderSelfHeads()[2]).containsExactly(2);
          assertThat(loaded.logits(b.ids, b.mask, b.dec, null, Gates.none()).toFloatArray())
              .containsExactly(physical);
        }
      }
    }
  }

  @Test
  void gatesReceiveGradients() {
    try (T5Model model = T5Model.initialize(GATED, 11, m)) {
      NDArray heads = m.ones(new Shape(2, 4));
      NDArray ffn = m.ones(new Shape(2, 16));
      heads.setRequiresGradient(true);
      ffn.setRequiresGradient(true);
      model.parameters().values().forEach(p -> p.setRequiresGradient(true));
      Batch b = batch(GATED);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        Gates g = Gates.builder().optEncoderHeads(heads).optEncoderFfn(ffn).build();
        try (Seq2SeqOutput out = model.forward(b.ids, b.mask, b.dec, null, g)) {
          gc.backward(out.logits().square().mean());
        }
      }
      assertThat(heads.getGradient().abs().sum().getFloat()).isPositive();
      assertThat(ffn.getGradient().abs().sum().getFloat()).isPositive();
      assertThat(model.parameters().get("shared.weight").getGradient().abs().sum().getFloat()).isPositive();
    }
  }

  private NDArray randomGates(int layers, int width, long seed) {
    Random r = new Random(seed);
    float[] v = new float[layers * width];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextInt(3) == 0 ? 0f : 0.2f + 0.8f * r.nextFloat();
    }
    return m.create(v, new Shape(layers, width));
  }

  record Batch(NDArray ids, NDArray mask, NDArray dec) {}

  private Batch batch(T5Config c) {
    long[] ids = {5, 9, 13, 20, 7, 1, 8, 30, 2, 1, 0, 0};
    long[] mask = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0};
    long[] dec = {0, 4, 6, 8, 0, 10, 12, 14};
    return new Batch(
        m.create(ids, new Shape(2, 6)), m.create(mask, new Shape(2, 6)), m.create(dec, new Shape(2, 4)));
  }

  static void assertClose(float[] actual, float[] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      assertThat(actual[i]).as("index %d", i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-4f));
    }
  }

  private static float[] floats(T5Model model, String key) {
    return model.parameters().get(key).toFloatArray();
  }
}
