package dev.shears.trainer.stage;

import dev.shears.model.DecoderLayerSelection;
import dev.shears.model.T5Model;
import dev.shears.trainer.spec.TrialSpec;
import java.util.Map;

/**
 * Stage 2 (DESIGN §4): the student is a copy of the fine-tuned teacher keeping d_s decoder layers, chosen by
 * {@code nash.selection} (uniform = the released code's rule, uniform-paper, low, high).
 */
public final class SelectDecoderStage implements Stage {
  @Override
  public String name() {
    return StageNames.SELECT_DECODER;
  }

  @Override
  public Map<String, Double> run(TrialContext ctx) {
    TrialSpec.Nash nash = ctx.spec().nash();
    T5Model teacher = ctx.teacher();
    int layers = teacher.config().numDecoderLayers();
    int keep = nash.decoderLayers();
    if (keep > layers) {
      throw new IllegalArgumentException("nash.decoderLayers: " + keep + " is more than the teacher's " + layers
          + " decoder layers");
    }
    int[] selection = select(nash.selection(), layers, keep);
    TrialState state = ctx.state();
    state.decoderSelection = selection;
    state.replaceStudent(teacher.withDecoderLayers(selection));
    return Map.of("decoderLayers", (double) keep, "params", (double) state.student.numParameters(),
        "teacherParams", (double) teacher.numParameters());
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
