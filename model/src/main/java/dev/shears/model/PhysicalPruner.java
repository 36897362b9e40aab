package dev.shears.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Physically removes gated-off structure (DESIGN §4 export; notes §7.2): heads whose gate is 0 lose
 * their q/k/v rows and o columns; FFN dimensions whose gate is 0 lose their wi rows and wo columns;
 * fractional gate values (and sublayer gates) are folded into the o / wo columns, which is
 * equivalent to NASH's fold into v rows; sublayers left empty are dropped and skipped in the forward
 * pass. Kept ORIGINAL head and FFN indices go into the new model's {@link PruningInfo}; the
 * relative-attention bias table keeps all original heads. The pruned model's forward equals the
 * masked forward of the input model with the same gates.
 */
public final class PhysicalPruner {
  private PhysicalPruner() {}

  /**
   * Returns a new, smaller model; {@code model} is unchanged. Gate arrays are read as deterministic
   * values (e.g. NASH's rounded hard-concrete masks); null gates keep everything.
   */
  public static T5Model prune(T5Model model, Gates gates) {
    T5Config c = model.config();
    PruningInfo old = model.layout();
    Map<String, float[]> w = new LinkedHashMap<>();
    Map<String, Shape> shapes = new LinkedHashMap<>();
    for (Map.Entry<String, NDArray> e : model.parameters().entrySet()) {
      w.put(e.getKey(), e.getValue().toFloatArray());
      shapes.put(e.getKey(), e.getValue().getShape());
    }
    int le = c.numLayers();
    int ld = c.numDecoderLayers();
    int[][] encHeads = new int[le][];
    int[][] encFfn = new int[le][];
    int[][] decSelf = new int[ld][];
    int[][] decCross = new int[ld][];
    int[][] decFfn = new int[ld][];
    float[][] gEncHeads = rows(gates.encoderHeads(), "encoderHeads", le);
    float[][] gEncFfn = rows(gates.encoderFfn(), "encoderFfn", le);
    float[][] gDecSelf = rows(gates.decoderSelfHeads(), "decoderSelfHeads", ld);
    float[][] gDecCross = rows(gates.decoderCrossHeads(), "decoderCrossHeads", ld);
    float[][] gDecFfn = rows(gates.decoderFfn(), "decoderFfn", ld);
    float[] gEncAttnL = vector(gates.encoderAttentionLayers(), "encoderAttentionLayers", le);
    float[] gEncFfnL = vector(gates.encoderFfnLayers(), "encoderFfnLayers", le);
    float[] gDecSelfL = vector(gates.decoderSelfAttentionLayers(), "decoderSelfAttentionLayers", ld);
    float[] gDecCrossL = vector(gates.decoderCrossAttentionLayers(), "decoderCrossAttentionLayers", ld);
    float[] gDecFfnL = vector(gates.decoderFfnLayers(), "decoderFfnLayers", ld);
    for (int l = 0; l < le; l++) {
      String b = "encoder.block." + l + ".layer.";
      encHeads[l] = pruneAttention(w, shapes, b + "0.SelfAttention", old.encoderHeads()[l],
          gEncHeads == null ? null : gEncHeads[l], gEncAttnL == null ? 1f : gEncAttnL[l], c.dKv());
      encFfn[l] = pruneFfn(w, shapes, b + "1.DenseReluDense", old.encoderFfnDims()[l],
          gEncFfn == null ? null : gEncFfn[l], gEncFfnL == null ? 1f : gEncFfnL[l], c.gated());
    }
    for (int l = 0; l < ld; l++) {
      String b = "decoder.block." + l + ".layer.";
      decSelf[l] = pruneAttention(w, shapes, b + "0.SelfAttention", old.decoderSelfHeads()[l],
          gDecSelf == null ? null : gDecSelf[l], gDecSelfL == null ? 1f : gDecSelfL[l], c.dKv());
      decCross[l] = pruneAttention(w, shapes, b + "1.EncDecAttention", old.decoderCrossHeads()[l],
          gDecCross == null ? null : gDecCross[l], gDecCrossL == null ? 1f : gDecCrossL[l], c.dKv());
      decFfn[l] = pruneFfn(w, shapes, b + "2.DenseReluDense", old.decoderFfnDims()[l],
          gDecFfn == null ? null : gDecFfn[l], gDecFfnL == null ? 1f : gDecFfnL[l], c.gated());
    }
    PruningInfo layout =
        new PruningInfo(encHeads, encFfn, decSelf, decCross, decFfn, old.decoderLayerMap().clone());
    NDManager parent = model.manager().getParentManager();
    try (NDManager staging = parent.newSubManager()) {
      Map<String, NDArray> tensors = new LinkedHashMap<>();
      for (Map.Entry<String, float[]> e : w.entrySet()) {
        tensors.put(e.getKey(), staging.create(e.getValue(), shapes.get(e.getKey())));
      }
      return T5Model.of(c, layout, tensors, parent);
    }
  }

  private static int[] pruneAttention(
      Map<String, float[]> w, Map<String, Shape> shapes, String prefix, int[] original,
      float[] gate, float layerGate, int dKv) {
    int n = original.length;
    if (n == 0) {
      return original;
    }
    if (gate != null && gate.length != n) {
      throw new IllegalArgumentException(prefix + ": gate has " + gate.length + " heads, layer has " + n);
    }
    List<Integer> keep = new ArrayList<>();
    for (int h = 0; h < n; h++) {
      float z = (gate == null ? 1f : gate[h]) * layerGate;
      if (z != 0f) {
        keep.add(h);
      }
    }
    String q = prefix + ".q.weight";
    String k = prefix + ".k.weight";
    String v = prefix + ".v.weight";
    String o = prefix + ".o.weight";
    if (keep.isEmpty()) {
      for (String name : List.of(q, k, v, o)) {
        w.remove(name);
        shapes.remove(name);
      }
      return new int[0];
    }
    int d = (int) shapes.get(o).get(0);
    int[] rows = new int[keep.size() * dKv];
    float[] scale = new float[rows.length];
    int[] kept = new int[keep.size()];
    for (int i = 0; i < keep.size(); i++) {
      int h = keep.get(i);
      kept[i] = original[h];
      float z = (gate == null ? 1f : gate[h]) * layerGate;
      for (int j = 0; j < dKv; j++) {
        rows[i * dKv + j] = h * dKv + j;
        scale[i * dKv + j] = z;
      }
    }
    for (String name : List.of(q, k, v)) {
      w.put(name, selectRows(w.get(name), d, rows));
      shapes.put(name, new Shape(rows.length, d));
    }
    w.put(o, selectColumns(w.get(o), d, n * dKv, rows, scale));
    shapes.put(o, new Shape(d, rows.length));
    return kept;
  }

  private static int[] pruneFfn(
      Map<String, float[]> w, Map<String, Shape> shapes, String prefix, int[] original,
      float[] gate, float layerGate, boolean gated) {
    int f = original.length;
    if (f == 0) {
      return original;
    }
    if (gate != null && gate.length != f) {
      throw new IllegalArgumentException(prefix + ": gate has " + gate.length + " dims, layer has " + f);
    }
    List<String> inputs =
        gated ? List.of(prefix + ".wi_0.weight", prefix + ".wi_1.weight") : List.of(prefix + ".wi.weight");
    String wo = prefix + ".wo.weight";
    int d = (int) shapes.get(wo).get(0);
    int count = 0;
    for (int i = 0; i < f; i++) {
      if ((gate == null ? 1f : gate[i]) * layerGate != 0f) {
        count++;
      }
    }
    if (count == 0) {
      for (String name : inputs) {
        w.remove(name);
        shapes.remove(name);
      }
      w.remove(wo);
      shapes.remove(wo);
      return new int[0];
    }
    int[] rows = new int[count];
    float[] scale = new float[count];
    int[] kept = new int[count];
    int k = 0;
    for (int i = 0; i < f; i++) {
      float z = (gate == null ? 1f : gate[i]) * layerGate;
      if (z != 0f) {
        rows[k] = i;
        scale[k] = z;
        kept[k] = original[i];
        k++;
      }
    }
    for (String name : inputs) {
      w.put(name, selectRows(w.get(name), d, rows));
      shapes.put(name, new Shape(count, d));
    }
    w.put(wo, selectColumns(w.get(wo), d, f, rows, scale));
    shapes.put(wo, new Shape(d, count));
    return kept;
  }

  private static float[] selectRows(float[] m, int cols, int[] rows) {
    float[] out = new float[rows.length * cols];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(m, rows[i] * cols, out, i * cols, cols);
    }
    return out;
  }

  private static float[] selectColumns(float[] m, int nRows, int nCols, int[] cols, float[] scale) {
    float[] out = new float[nRows * cols.length];
    for (int r = 0; r < nRows; r++) {
      for (int j = 0; j < cols.length; j++) {
        out[r * cols.length + j] = m[r * nCols + cols[j]] * scale[j];
      }
    }
    return out;
  }

  private static float[][] rows(NDArray gates, String what, int layers) {
    if (gates == null) {
      return null;
    }
    Shape s = gates.getShape();
    if (s.dimension() != 2 || s.get(0) != layers) {
      throw new IllegalArgumentException(what + ": expected shape [" + layers + ", n], got " + s);
    }
    float[] flat = gates.toFloatArray();
    int width = (int) s.get(1);
    float[][] out = new float[layers][width];
    for (int l = 0; l < layers; l++) {
      System.arraycopy(flat, l * width, out[l], 0, width);
    }
    return out;
  }

  private static float[] vector(NDArray gates, String what, int layers) {
    if (gates == null) {
      return null;
    }
    if (gates.getShape().size() != layers) {
      throw new IllegalArgumentException(what + ": expected " + layers + " entries, got " + gates.getShape());
    }
    return gates.toFloatArray();
  }
}
