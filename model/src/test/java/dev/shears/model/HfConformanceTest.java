package dev.shears.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Logits and hidden states against HF transformers' T5ForConditionalGeneration on random weights. */
class HfConformanceTest {

  @ParameterizedTest
  @ValueSource(strings = {"t5-v1_0", "t5-v1_1"})
  void forwardMatchesTransformers(String name) {
    Golden g = Golden.load(name);
    try (NDManager m = NDManager.newBaseManager();
        T5Model model = T5Model.load(g.dir, m)) {
      long[][] ids = g.ints("input_ids");
      long[][] mask = g.ints("attention_mask");
      long[][] dec = g.ints("decoder_input_ids");
      long[][] decMask = g.ints("decoder_attention_mask");
      int b = ids.length;
      int s = ids[0].length;
      int t = dec[0].length;
      int v = model.config().vocabSize();
      int d = model.config().dModel();
      try (Seq2SeqOutput out =
          model.forward(
              m.create(Golden.flatten(ids), new Shape(b, s)),
              m.create(Golden.flatten(mask), new Shape(b, s)),
              m.create(Golden.flatten(dec), new Shape(b, t)),
              m.create(Golden.flatten(decMask), new Shape(b, t)),
              Gates.none())) {
        assertThat(out.logits().getShape()).isEqualTo(new Shape(b, t, v));
        assertClose(out.logits(), g.floats("logits"), decMask, v, "logits");
        assertClose(out.encoderLastHidden(), g.floats("encoder_last_hidden"), mask, d, "encoder");
        for (int l = 0; l < model.config().numLayers(); l++) {
          assertClose(out.encoderBlockOutputs().get(l),
              Golden.floats(g.json.get("encoder_blocks").get(l)), mask, d, "encoder block " + l);
        }
        for (int l = 0; l < model.config().numDecoderLayers(); l++) {
          assertClose(out.decoderBlockOutputs().get(l),
              Golden.floats(g.json.get("decoder_blocks").get(l)), decMask, d, "decoder block " + l);
        }
        assertThat(out.encoderHidden()).hasSize(model.config().numLayers() + 1);
        assertThat(out.decoderHidden()).hasSize(model.config().numDecoderLayers() + 1);
      }
    }
  }

  /** Compares rows of width {@code w} at unmasked positions within 1e-4. */
  static void assertClose(NDArray actual, float[] expected, long[][] mask, int w, String what) {
    float[] a = actual.toFloatArray();
    assertThat(a).as(what + " size").hasSameSizeAs(expected);
    int len = mask[0].length;
    int compared = 0;
    for (int i = 0; i < mask.length; i++) {
      for (int j = 0; j < len; j++) {
        if (mask[i][j] == 0) {
          continue;
        }
        int base = (i * len + j) * w;
        for (int k = 0; k < w; k++) {
          float e = expected[base + k];
          assertThat(a[base + k])
              .as("%s[%d,%d,%d]", what, i, j, k)
              .isCloseTo(e, org.assertj.core.data.Offset.offset(1e-4f * Math.max(1f, Math.abs(e))));
          compared++;
        }
      }
    }
    assertThat(compared).isPositive();
  }
}
