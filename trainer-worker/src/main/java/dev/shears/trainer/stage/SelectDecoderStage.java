package dev.shears.trainer.stage;

import dev.shears.model.DecoderLayerSelection;
import dev.shears.model.T5Config;
import dev.shears.model.T5Model;
import dev.shears.spec.MethodSpec.DecoderSelection;
import dev.shears.spec.MethodSpec.NarrowStudent;
import dev.shears.trainer.spec.TrialSpec;
import java.util.Map;

/**
 * Stage 2 (DESIGN §4): the student is a copy of the fine-tuned teacher keeping d_s decoder layers, chosen by
 * {@code nash.selection} (uniform = the released code's rule, uniform-paper, low, high). With {@code l0} selection
 * and for the cofi baseline the student keeps every decoder layer and prune-encoder's gates choose. For the distill-small
 * baseline the student is instead a fresh, smaller T5 (see {@link #smallConfig}) and the selection only maps its
 * decoder blocks to teacher layers for the hidden-state loss.
 */
public final class SelectDecoderStage implements Stage {
  @Override
  public String name() {
    return StageNames.SELECT_DECODER;
  }

  @Override
  public Map<String, Double> run(TrialContext ctx) {
    T5Model teacher = ctx.teacher();
    int layers = teacher.config().numDecoderLayers();
    TrialState state = ctx.state();
    if (GateLayout.gatesTheDecoder(ctx.spec())) {
      // cofi and l0: the decoder starts with every layer; gates in prune-encoder decide what stays.
      GateLayout.of(ctx.spec(), teacher.config());
      state.decoderSelection = java.util.stream.IntStream.range(0, layers).toArray();
      state.replaceStudent(teacher.copy());
      return Map.of("decoderLayers", (double) layers, "params", (double) state.student.numParameters(),
          "teacherParams", (double) teacher.numParameters());
    }
    DecoderSelection choice = ctx.spec().requires(DecoderSelection.class, name());
    int keep = choice.decoderLayers();
    if (keep > layers) {
      throw new IllegalArgumentException(ctx.spec().methodName() + ".decoderLayers: " + keep + " is more than the teacher's " + layers
          + " decoder layers");
    }
    int[] selection = select(choice.selection(), layers, keep);
    state.decoderSelection = selection;
    if (ctx.spec().method() instanceof NarrowStudent narrow) {
      state.replaceStudent(T5Model.initialize(smallConfig(teacher.config(), keep, narrow.ffnSparsity()),
          ctx.spec().training().seed(), ctx.manager()));
    } else {
      state.replaceStudent(teacher.withDecoderLayers(selection));
    }
    return Map.of("decoderLayers", (double) keep, "params", (double) state.student.numParameters(),
        "teacherParams", (double) teacher.numParameters());
  }

  /**
   * The distill-small student: the teacher's architecture with d_s decoder layers and the FFN narrowed by the
   * target sparsity (d_ff·(1 − t), rounded), randomly initialised; its decoder block k is distilled from the
   * teacher layer the selection rule picks.
   */
  static T5Config smallConfig(T5Config t, int decoderLayers, double sparsity) {
    int dFf = Math.max(1, (int) Math.round(t.dFf() * (1 - sparsity)));
    return new T5Config(t.vocabSize(), t.dModel(), t.dKv(), dFf, t.numLayers(), decoderLayers, t.numHeads(),
        t.relativeAttentionNumBuckets(), t.relativeAttentionMaxDistance(), t.dropoutRate(), t.layerNormEpsilon(),
        t.initializerFactor(), t.feedForwardProj(), t.tieWordEmbeddings(), t.scaleDecoderOutputs(),
        t.padTokenId(), t.eosTokenId(), t.decoderStartTokenId());
  }

  /** The kept 0-based decoder layers. */
  static int[] select(String selection, int layers, int keep) {
    return switch (selection) {
      case "uniform" -> DecoderLayerSelection.uniform(layers, keep);
      case "uniform-paper" -> DecoderLayerSelection.uniformPaper(layers, keep);
      case "low" -> DecoderLayerSelection.low(layers, keep);
      case "high" -> DecoderLayerSelection.high(layers, keep);
      default -> throw new IllegalArgumentException("nash.selection: '" + selection
          + "' is not run by this trainer; use uniform, uniform-paper, low or high");
    };
  }
}
