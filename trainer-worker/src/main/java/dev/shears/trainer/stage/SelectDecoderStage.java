package dev.shears.trainer.stage;

import dev.shears.model.DecoderLayerSelection;
import dev.shears.model.T5Config;
import dev.shears.model.T5Model;
import dev.shears.spec.MethodSpec.DecoderSelection;
import dev.shears.spec.MethodSpec.NarrowStudent;
import dev.shears.spec.MethodSpec.UnprunedStudent;
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
    boolean unpruned = ctx.spec().method() instanceof UnprunedStudent;
    if (unpruned || GateLayout.gatesTheDecoder(ctx.spec())) {
      // cofi and l0: the decoder starts with every layer; gates in prune-encoder decide what stays.
      // teacher-continued: the student is the whole teacher and stays so.
      if (!unpruned) {
        GateLayout.of(ctx.spec(), teacher.config());
      }
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
      state.replaceStudent(T5Model.initialize(smallConfig(teacher.config(), keep, narrow.encoderSparsity()),
          ctx.spec().training().seed(), ctx.manager()));
    } else {
      state.replaceStudent(teacher.withDecoderLayers(selection));
    }
    return Map.of("decoderLayers", (double) keep, "params", (double) state.student.numParameters(),
        "teacherParams", (double) teacher.numParameters());
  }

  /**
   * The distill-small student: the teacher's architecture with d_s decoder layers and an encoder narrowed to the
   * target sparsity t, randomly initialised; its decoder block k is distilled from the teacher layer the selection
   * rule picks. t is a share of the teacher's prunable encoder parameters, as NASH's target is (DESIGN §4 step 3):
   * a layer keeps {@code (1 − t)·(H·4·d·d_kv + d_ff·m·d)}. The FFN gives first (narrowing d_ff alone removes only
   * its share of a layer, 2/3 of tiny-t5's, so t = 0.3 applied to d_ff reached 0.2); past that, heads go too, one
   * by one (T5 has one head count, so the decoder's follow).
   */
  static T5Config smallConfig(T5Config t, int decoderLayers, double sparsity) {
    long head = 4L * t.dModel() * t.dKv();
    long ffnDim = (t.gated() ? 3L : 2L) * t.dModel();
    double keptPerLayer = (1 - sparsity) * (head * t.numHeads() + ffnDim * t.dFf());
    int heads = t.numHeads();
    int dFf = (int) Math.round((keptPerLayer - head * heads) / ffnDim);
    while (dFf < 1 && heads > 1) {
      heads--;
      dFf = (int) Math.round((keptPerLayer - head * heads) / ffnDim);
    }
    dFf = Math.max(1, Math.min(t.dFf(), dFf));
    return new T5Config(t.vocabSize(), t.dModel(), t.dKv(), dFf, t.numLayers(), decoderLayers, heads,
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
