package dev.shears.trainer.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.model.BuiltinModels;
import dev.shears.model.T5Config;
import dev.shears.trainer.spec.TrialSpec;
import org.junit.jupiter.api.Test;

class GateLayoutTest {
  // builtin:tiny-t5: d 128, 4 heads of 32, d_ff 512 (ReLU), 6 encoder and 12 decoder layers.
  private static final T5Config TINY = BuiltinModels.tinyT5Config();
  private static final long HEAD = 4L * 128 * 32;
  private static final long FFN_LAYER = 2L * 128 * 512;

  private static TrialSpec spec(String method, String selection, int decoderLayers) {
    ObjectNode spec = new ObjectMapper().createObjectNode();
    spec.put("name", "x").put("experimentId", "e").put("trialId", "t").put("trialIndex", 0).put("method", method);
    spec.putObject("task").put("dataset", "test:copy-prefix");
    spec.putObject("teacher").put("model", BuiltinModels.TINY_T5);
    spec.putObject("nash").put("selection", selection).put("decoderLayers", decoderLayers)
        .put("encoderSparsity", 0.4);
    return TrialSpec.parse(spec);
  }

  @Test
  void nashConstrainsTheEncoderOnly() {
    GateLayout layout = GateLayout.of(spec("nash", "uniform", 3), TINY);
    assertThat(layout.extraGates()).isEmpty();
    assertThat(layout.constraints()).singleElement().satisfies(c -> {
      assertThat(c.target()).isEqualTo(0.4);
      assertThat(c.sparsity().prunableParams()).isEqualTo(6 * (4 * HEAD + FFN_LAYER));
    });
  }

  @Test
  void l0AddsOneCoarseGatePerDecoderSublayerAndADecoderTargetOfOneMinusDsOverL() {
    GateLayout layout = GateLayout.of(spec("nash", "l0", 3), TINY);
    assertThat(layout.extraGates()).extracting(GateLayout.GateShape::name).containsExactly(
        "decoder.selfAttentionLayers", "decoder.crossAttentionLayers", "decoder.ffnLayers");
    assertThat(layout.extraGates()).allSatisfy(g -> {
      assertThat(g.layers()).isEqualTo(1);
      assertThat(g.n()).isEqualTo(12);
      assertThat(g.init()).isEqualTo(10.0);
    });
    assertThat(layout.constraints()).hasSize(2);
    GateLayout.Constraint decoder = layout.constraints().get(1);
    assertThat(decoder.target()).isEqualTo(1 - 3 / 12.0);
    assertThat(decoder.sparsity().prunableParams()).isEqualTo(12 * (2 * 4 * HEAD + FFN_LAYER));
    assertThatThrownBy(() -> GateLayout.of(spec("nash", "l0", 13), TINY))
        .hasMessageContaining("nash.decoderLayers: 13 is more than the teacher's 12 decoder layers");
  }

  @Test
  void cofiCountsEncoderAndDecoderWithCrossAttentionInOneTarget() {
    GateLayout layout = GateLayout.of(spec("cofi", "uniform", 3), TINY);
    assertThat(layout.extraGates()).hasSize(8);
    assertThat(layout.constraints()).singleElement().satisfies(c -> {
      assertThat(c.target()).isEqualTo(0.4);
      // M = M_enc + M_dec = 6·(4 heads + FFN) + 12·(4 self + 4 cross heads + FFN).
      assertThat(c.sparsity().prunableParams()).isEqualTo(6 * (4 * HEAD + FFN_LAYER)
          + 12 * (8 * HEAD + FFN_LAYER));
      assertThat(c.terms()).extracting(GateLayout.Term::sublayer).doesNotContainNull();
    });
  }
}
