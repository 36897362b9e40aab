package dev.shears.trainer.stage;

import dev.shears.model.PruningInfo;
import dev.shears.model.T5Config;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an exported model kept of its teacher, per layer, as flat stage metrics (the export's StageCompleted carries
 * them to the dashboard, whose trial page draws them): {@code kept.encoder.<l>.heads} and {@code .ffnDims} per encoder
 * layer; per decoder block k, {@code kept.decoder.<k>.layer} (the teacher layer it was copied from, 0-based) and its
 * self- and cross-attention heads and FFN dimensions; {@code teacher.*} the counts they are out of.
 */
final class KeptStructure {
  private KeptStructure() {}

  static Map<String, Double> of(PruningInfo layout, T5Config teacher) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("teacher.layers", (double) teacher.numLayers());
    m.put("teacher.decoderLayers", (double) teacher.numDecoderLayers());
    m.put("teacher.heads", (double) teacher.numHeads());
    m.put("teacher.ffnDims", (double) teacher.dFf());
    for (int l = 0; l < layout.encoderHeads().length; l++) {
      m.put("kept.encoder." + l + ".heads", (double) layout.encoderHeads()[l].length);
      m.put("kept.encoder." + l + ".ffnDims", (double) layout.encoderFfnDims()[l].length);
    }
    for (int k = 0; k < layout.decoderLayerMap().length; k++) {
      m.put("kept.decoder." + k + ".layer", (double) layout.decoderLayerMap()[k]);
      m.put("kept.decoder." + k + ".selfHeads", (double) layout.decoderSelfHeads()[k].length);
      m.put("kept.decoder." + k + ".crossHeads", (double) layout.decoderCrossHeads()[k].length);
      m.put("kept.decoder." + k + ".ffnDims", (double) layout.decoderFfnDims()[k].length);
    }
    return m;
  }
}
