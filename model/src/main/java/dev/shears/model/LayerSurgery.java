package dev.shears.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds a model whose decoder keeps a subset of layers, with copied weights. */
final class LayerSurgery {
  private LayerSurgery() {}

  static T5Model selectDecoderLayers(T5Model model, int[] keep) {
    T5Config c = model.config();
    int[] sel = DecoderLayerSelection.explicit(c.numDecoderLayers(), keep);
    PruningInfo old = model.layout();
    int n = sel.length;
    int[][] self = new int[n][];
    int[][] cross = new int[n][];
    int[][] ffn = new int[n][];
    int[] map = new int[n];
    for (int k = 0; k < n; k++) {
      self[k] = old.decoderSelfHeads()[sel[k]];
      cross[k] = old.decoderCrossHeads()[sel[k]];
      ffn[k] = old.decoderFfnDims()[sel[k]];
      map[k] = old.decoderLayerMap()[sel[k]];
    }
    PruningInfo layout =
        new PruningInfo(old.encoderHeads(), old.encoderFfnDims(), self, cross, ffn, map);
    T5Config config = c.withNumDecoderLayers(n);
    String bias = ".layer.0.SelfAttention.relative_attention_bias.weight";
    try (NDManager staging = model.manager().getParentManager().newSubManager()) {
      Map<String, NDArray> out = new LinkedHashMap<>();
      for (Map.Entry<String, NDArray> e : model.parameters().entrySet()) {
        String name = e.getKey();
        String renamed = name;
        if (name.startsWith("decoder.block.")) {
          int dot = name.indexOf('.', "decoder.block.".length());
          int block = Integer.parseInt(name.substring("decoder.block.".length(), dot));
          String rest = name.substring(dot);
          if (rest.equals(bias)) {
            renamed = "decoder.block.0" + rest; // the table always lives in the new first block
          } else {
            int k = indexOf(sel, block);
            if (k < 0) {
              continue;
            }
            renamed = "decoder.block." + k + rest;
          }
        }
        out.put(renamed, e.getValue().duplicate());
      }
      for (NDArray a : out.values()) {
        a.attach(staging);
      }
      return T5Model.of(config, layout, out, model.manager().getParentManager());
    }
  }

  private static int indexOf(int[] a, int v) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == v) {
        return i;
      }
    }
    return -1;
  }
}
