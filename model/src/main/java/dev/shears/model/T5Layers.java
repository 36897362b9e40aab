package dev.shears.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The T5 computation over a named parameter map: RMS layer norm, attention without score scaling,
 * relative position bias computed once per stack from block 0's table, FFN, residuals (Raffel et al.
 * 2020; HF {@code modeling_t5.py}). Shape letters as in {@link T5Model}; N is the number of heads a
 * (possibly pruned) layer keeps. Every array created here lands on the manager of the input ids;
 * callers scope them.
 */
final class T5Layers {
  private static final float GELU_C = (float) Math.sqrt(2.0 / Math.PI);

  private final T5Config c;
  private final PruningInfo p;
  private final Map<String, NDArray> w;
  private final float dropout;
  private final ProjectionInputs observer;

  /** Inference layers: no dropout. */
  T5Layers(T5Config config, PruningInfo layout, Map<String, NDArray> params) {
    this(config, layout, params, 0f);
  }

  /** Inference layers that hand every output projection's input to {@code observer}. */
  T5Layers(T5Config config, PruningInfo layout, Map<String, NDArray> params, ProjectionInputs observer) {
    this(config, layout, params, 0f, observer);
  }

  /** Layers applying dropout at HF's places (embeddings, attention weights, FFN activation, sublayer outputs, final norm). */
  T5Layers(T5Config config, PruningInfo layout, Map<String, NDArray> params, float dropout) {
    this(config, layout, params, dropout, null);
  }

  private T5Layers(
      T5Config config, PruningInfo layout, Map<String, NDArray> params, float dropout, ProjectionInputs observer) {
    this.c = config;
    this.p = layout;
    this.w = params;
    this.dropout = dropout;
    this.observer = observer;
  }

  /**
   * {@code value} as a 0-d array of {@code like}'s type and manager, in memory torch owns. A Java number passed to
   * {@code mul}/{@code div}/{@code pow} becomes a tensor over a direct buffer that is freed once the op returns; autograd
   * keeps that tensor for the backward pass, and a garbage collection in between leaves backward reading freed memory
   * (NaN gradients at random steps). Operands whose backward needs them therefore come from here. ({@code add} and
   * {@code sub} save nothing for backward, so they may take numbers.)
   */
  private static NDArray constant(NDArray like, double value) {
    try (NDArray blob = like.getManager().create((float) value)) {
      NDArray owned = blob.duplicate();
      return like.getDataType() == owned.getDataType() ? owned : owned.toType(like.getDataType(), false);
    }
  }

  /**
   * A copy of {@code blob} (an array over a Java direct buffer) in memory torch owns; {@code blob} is closed. Index
   * arrays need this: embedding and advanced-indexing backward keep their indices, and the forward's manager may be
   * closed (freeing the direct buffer) before backward runs, which then reads garbage indices.
   */
  private static NDArray owned(NDArray blob) {
    try (blob) {
      return blob.duplicate();
    }
  }

  private NDArray drop(NDArray x) {
    return dropout > 0 ? Dropout.dropout(x, dropout, true).singletonOrThrow() : x;
  }

  record Encoded(NDArray last, NDArray crossMask, List<NDArray> hidden, List<NDArray> blocks) {}

  record Decoded(NDArray last, List<NDArray> hidden, List<NDArray> blocks) {}

  // ---------------------------------------------------------------- encoder

  Encoded encode(NDArray inputIds, NDArray attentionMask, Gates g) {
    NDArray ids = asLong(inputIds);
    NDManager m = ids.getManager();
    int s = (int) ids.getShape().get(1);
    NDArray h = drop(embed(ids)); // [B, S, D]
    List<NDArray> hidden = new ArrayList<>();
    List<NDArray> blocks = new ArrayList<>();
    hidden.add(h);
    // additive key mask [B, 1, 1, S]: 0 where attended, -max where padding
    NDArray keyMask = attentionMask == null ? null : additive(attentionMask).expandDims(1).expandDims(1);
    NDArray posBias =
        positionBias("encoder", m, s, s, 0, true); // [1, H, S, S]
    NDArray fullBias = keyMask == null ? posBias : posBias.add(keyMask); // [B|1, H, S, S]
    Map<String, NDArray> biasByHeads = new HashMap<>();
    for (int l = 0; l < c.numLayers(); l++) {
      String b = "encoder.block." + l + ".layer.";
      int[] heads = p.encoderHeads()[l];
      if (heads.length > 0) {
        NDArray x = rmsNorm(h, b + "0.layer_norm.weight");
        NDArray a =
            attention(x, x, b + "0.SelfAttention", heads.length,
                sliceHeads(fullBias, heads, biasByHeads), row(g.encoderHeads(), l, heads.length));
        h = residual(h, a, g.encoderAttentionLayers(), l);
      }
      if (p.encoderFfnDims()[l].length > 0) {
        NDArray x = rmsNorm(h, b + "1.layer_norm.weight");
        NDArray f = ffn(x, b + "1.DenseReluDense", row(g.encoderFfn(), l, p.encoderFfnDims()[l].length));
        h = residual(h, f, g.encoderFfnLayers(), l);
      }
      blocks.add(h);
      if (l < c.numLayers() - 1) {
        hidden.add(h);
      }
    }
    NDArray last = drop(rmsNorm(h, "encoder.final_layer_norm.weight"));
    hidden.add(last);
    return new Encoded(last, keyMask, hidden, blocks);
  }

  // ---------------------------------------------------------------- decoder (teacher forcing)

  Decoded decode(
      NDArray decoderInputIds, NDArray decoderAttentionMask, NDArray encoderOut,
      NDArray crossMask, Gates g) {
    NDArray ids = asLong(decoderInputIds);
    NDManager m = ids.getManager();
    int t = (int) ids.getShape().get(1);
    NDArray h = drop(embed(ids)); // [B, T, D]
    List<NDArray> hidden = new ArrayList<>();
    List<NDArray> blocks = new ArrayList<>();
    hidden.add(h);
    float[] tri = new float[t * t];
    for (int i = 0; i < t; i++) {
      for (int j = 0; j <= i; j++) {
        tri[i * t + j] = 1f;
      }
    }
    NDArray allowed = m.create(tri, new Shape(1, 1, t, t)); // [1, 1, T, T]
    if (decoderAttentionMask != null) {
      NDArray dm = decoderAttentionMask.toType(DataType.FLOAT32, false).expandDims(1).expandDims(1);
      allowed = allowed.mul(dm); // [B, 1, T, T]
    }
    NDArray selfMask = allowed.sub(1f).mul(Float.MAX_VALUE);
    NDArray fullBias = positionBias("decoder", m, t, t, 0, false).add(selfMask); // [B|1, H, T, T]
    Map<String, NDArray> biasByHeads = new HashMap<>();
    for (int l = 0; l < c.numDecoderLayers(); l++) {
      String b = "decoder.block." + l + ".layer.";
      int[] heads = p.decoderSelfHeads()[l];
      if (heads.length > 0) {
        NDArray x = rmsNorm(h, b + "0.layer_norm.weight");
        NDArray a =
            attention(x, x, b + "0.SelfAttention", heads.length,
                sliceHeads(fullBias, heads, biasByHeads), row(g.decoderSelfHeads(), l, heads.length));
        h = residual(h, a, g.decoderSelfAttentionLayers(), l);
      }
      int[] cross = p.decoderCrossHeads()[l];
      if (cross.length > 0) {
        NDArray x = rmsNorm(h, b + "1.layer_norm.weight");
        NDArray a =
            attention(x, encoderOut, b + "1.EncDecAttention", cross.length, crossMask,
                row(g.decoderCrossHeads(), l, cross.length));
        h = residual(h, a, g.decoderCrossAttentionLayers(), l);
      }
      if (p.decoderFfnDims()[l].length > 0) {
        NDArray x = rmsNorm(h, b + "2.layer_norm.weight");
        NDArray f = ffn(x, b + "2.DenseReluDense", row(g.decoderFfn(), l, p.decoderFfnDims()[l].length));
        h = residual(h, f, g.decoderFfnLayers(), l);
      }
      blocks.add(h);
      if (l < c.numDecoderLayers() - 1) {
        hidden.add(h);
      }
    }
    NDArray last = drop(rmsNorm(h, "decoder.final_layer_norm.weight"));
    hidden.add(last);
    return new Decoded(last, hidden, blocks);
  }

  /** {@code [.., D]} decoder output → {@code [.., V]} logits, with v1.0's d_model^-0.5 rescaling. */
  NDArray lmHead(NDArray decoderOut) {
    NDArray x = c.scaleDecoderOutputs() ? decoderOut.mul(constant(decoderOut, Math.pow(c.dModel(), -0.5)))
        : decoderOut;
    NDArray head = c.tieWordEmbeddings() ? w.get("shared.weight") : w.get("lm_head.weight");
    return Linear.linear(x, head).singletonOrThrow();
  }

  // ---------------------------------------------------------------- incremental decoding

  /** Per-layer key/value cache for incremental decoding. Arrays are owned by the cache. */
  static final class Cache implements AutoCloseable {
    final NDArray[] selfK;
    final NDArray[] selfV;
    final NDArray[] crossK;
    final NDArray[] crossV;
    final NDArray crossMask; // [N, 1, 1, S] or null
    int length;

    Cache(int layers, NDArray crossMask) {
      selfK = new NDArray[layers];
      selfV = new NDArray[layers];
      crossK = new NDArray[layers];
      crossV = new NDArray[layers];
      this.crossMask = crossMask;
    }

    List<NDArray> arrays() {
      List<NDArray> out = new ArrayList<>();
      for (NDArray[] group : List.of(selfK, selfV, crossK, crossV)) {
        for (NDArray a : group) {
          if (a != null) {
            out.add(a);
          }
        }
      }
      if (crossMask != null) {
        out.add(crossMask);
      }
      return out;
    }

    @Override
    public void close() {
      arrays().forEach(NDArray::close);
    }
  }

  /** Computes every layer's cross-attention K/V once from the encoder output {@code [N, S, D]}. */
  Cache newCache(NDArray encoderOut, NDArray crossMask) {
    Cache cache = new Cache(c.numDecoderLayers(), crossMask);
    for (int l = 0; l < c.numDecoderLayers(); l++) {
      int n = p.decoderCrossHeads()[l].length;
      if (n > 0) {
        String pre = "decoder.block." + l + ".layer.1.EncDecAttention";
        cache.crossK[l] = splitHeads(linear(encoderOut, pre + ".k.weight"), n); // [N, n, S, K]
        cache.crossV[l] = splitHeads(linear(encoderOut, pre + ".v.weight"), n);
      }
    }
    return cache;
  }

  /**
   * One decoding step: {@code tokens [N, 1]} at position {@code cache.length}; appends this step's
   * self-attention K/V to the cache (old arrays closed) and returns the logits {@code [N, V]}.
   */
  NDArray step(NDArray tokens, Cache cache, Gates g) {
    NDArray ids = asLong(tokens);
    NDManager m = ids.getManager();
    int pos = cache.length;
    NDArray h = embed(ids); // [N, 1, D]
    NDArray posBias = positionBias("decoder", m, 1, pos + 1, pos, false); // [1, H, 1, pos+1]
    Map<String, NDArray> biasByHeads = new HashMap<>();
    for (int l = 0; l < c.numDecoderLayers(); l++) {
      String b = "decoder.block." + l + ".layer.";
      int[] heads = p.decoderSelfHeads()[l];
      if (heads.length > 0) {
        String pre = b + "0.SelfAttention";
        NDArray x = rmsNorm(h, b + "0.layer_norm.weight");
        NDArray k = splitHeads(linear(x, pre + ".k.weight"), heads.length); // [N, n, 1, K]
        NDArray v = splitHeads(linear(x, pre + ".v.weight"), heads.length);
        if (cache.selfK[l] != null) {
          NDArray k2 = cache.selfK[l].concat(k, 2);
          NDArray v2 = cache.selfV[l].concat(v, 2);
          cache.selfK[l].close();
          cache.selfV[l].close();
          k = k2;
          v = v2;
        }
        cache.selfK[l] = k;
        cache.selfV[l] = v;
        NDArray q = splitHeads(linear(x, pre + ".q.weight"), heads.length);
        NDArray a =
            attend(q, k, v, pre, sliceHeads(posBias, heads, biasByHeads),
                row(g.decoderSelfHeads(), l, heads.length));
        h = residual(h, a, g.decoderSelfAttentionLayers(), l);
      }
      int[] cross = p.decoderCrossHeads()[l];
      if (cross.length > 0) {
        String pre = b + "1.EncDecAttention";
        NDArray x = rmsNorm(h, b + "1.layer_norm.weight");
        NDArray q = splitHeads(linear(x, pre + ".q.weight"), cross.length);
        NDArray a =
            attend(q, cache.crossK[l], cache.crossV[l], pre, cache.crossMask,
                row(g.decoderCrossHeads(), l, cross.length));
        h = residual(h, a, g.decoderCrossAttentionLayers(), l);
      }
      if (p.decoderFfnDims()[l].length > 0) {
        NDArray x = rmsNorm(h, b + "2.layer_norm.weight");
        NDArray f = ffn(x, b + "2.DenseReluDense", row(g.decoderFfn(), l, p.decoderFfnDims()[l].length));
        h = residual(h, f, g.decoderFfnLayers(), l);
      }
    }
    cache.length = pos + 1;
    NDArray last = rmsNorm(h, "decoder.final_layer_norm.weight");
    return lmHead(last).reshape(ids.getShape().get(0), c.vocabSize());
  }

  /** Reorders the self-attention cache rows: row i becomes old row {@code rows[i]}. */
  void reorder(Cache cache, NDArray rows) {
    for (int l = 0; l < cache.selfK.length; l++) {
      if (cache.selfK[l] != null) {
        NDArray k = selectRows(cache.selfK[l], rows);
        NDArray v = selectRows(cache.selfV[l], rows);
        cache.selfK[l].close();
        cache.selfV[l].close();
        cache.selfK[l] = k;
        cache.selfV[l] = v;
      }
    }
  }

  /**
   * {@code x[rows]} along axis 0. Runs as an embedding lookup on the {@code [N, rest]} view, which
   * is torch's index_select: measured 2× faster here than DJL's advanced indexing.
   */
  static NDArray selectRows(NDArray x, NDArray rows) {
    Shape s = x.getShape();
    NDArray flat = x.reshape(s.get(0), -1);
    NDArray picked = rows.getNDArrayInternal().embedding(rows, flat, SparseFormat.DENSE).singletonOrThrow();
    NDArray out = picked.reshape(new Shape(rows.getShape().get(0)).addAll(s.slice(1)));
    flat.close();
    picked.close();
    return out;
  }

  // ---------------------------------------------------------------- building blocks

  private NDArray attention(
      NDArray x, NDArray kv, String prefix, int n, NDArray bias, NDArray headGate) {
    NDArray q = splitHeads(linear(x, prefix + ".q.weight"), n); // [B, n, Tq, K]
    NDArray k = splitHeads(linear(kv, prefix + ".k.weight"), n); // [B, n, Tk, K]
    NDArray v = splitHeads(linear(kv, prefix + ".v.weight"), n);
    return attend(q, k, v, prefix, bias, headGate);
  }

  /** softmax(q·kᵀ + bias)·v, per-head gate, O projection. No 1/√K scaling in T5. */
  private NDArray attend(
      NDArray q, NDArray k, NDArray v, String prefix, NDArray bias, NDArray headGate) {
    NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)); // [B, n, Tq, Tk]
    if (bias != null) {
      scores = scores.add(bias);
    }
    NDArray ctx = drop(scores.softmax(-1)).matMul(v); // [B, n, Tq, K]
    if (headGate != null) {
      ctx = ctx.mul(headGate.reshape(1, -1, 1, 1)); // gate each head's context before O (notes §1)
    }
    Shape s = ctx.getShape();
    NDArray merged = ctx.transpose(0, 2, 1, 3).reshape(s.get(0), s.get(2), s.get(1) * s.get(3));
    return project(merged, prefix + ".o.weight"); // [B, Tq, D]
  }

  private NDArray ffn(NDArray x, String prefix, NDArray gate) {
    NDArray hid;
    if (c.gated()) {
      hid = activate(linear(x, prefix + ".wi_0.weight")).mul(linear(x, prefix + ".wi_1.weight"));
    } else {
      hid = activate(linear(x, prefix + ".wi.weight")); // [B, T, F]
    }
    hid = drop(hid);
    if (gate != null) {
      hid = hid.mul(gate); // FFN gate on the intermediate activation, before wo (notes §1)
    }
    return project(hid, prefix + ".wo.weight");
  }

  /** An output projection ({@code o} or {@code wo}), its input shown to the observer first. */
  private NDArray project(NDArray x, String weight) {
    if (observer != null) {
      observer.accept(weight, x);
    }
    return linear(x, weight);
  }

  private NDArray activate(NDArray x) {
    switch (c.activation()) {
      case "relu":
        return Activation.relu(x);
      case "gelu":
        return Activation.gelu(x);
      case "silu":
        return x.mul(Activation.sigmoid(x));
      case "gelu_new":
        // 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), HF NewGELUActivation
        NDArray inner = x.add(x.mul(x).mul(x).mul(constant(x, 0.044715))).mul(constant(x, GELU_C));
        return x.mul(constant(x, 0.5)).mul(inner.tanh().add(1f));
      default:
        throw new IllegalStateException("unvalidated activation " + c.activation());
    }
  }

  private NDArray residual(NDArray h, NDArray out, NDArray layerGates, int layer) {
    out = drop(out);
    if (layerGates != null) {
      out = out.mul(layerGates.get(layer));
    }
    return h.add(out);
  }

  /** T5 layer norm: x·rsqrt(mean(x²) + ε)·w, no mean subtraction, no bias. */
  private NDArray rmsNorm(NDArray x, String weight) {
    NDArray rms = x.square().mean(new int[] {-1}, true).add((float) c.layerNormEpsilon()).sqrt();
    return w.get(weight).mul(x.div(rms));
  }

  private NDArray linear(NDArray x, String weight) {
    NDArray wt = w.get(weight);
    if (wt == null) {
      throw new IllegalStateException("no parameter " + weight);
    }
    return Linear.linear(x, wt).singletonOrThrow();
  }

  /** {@code [B, T, n·K]} → {@code [B, n, T, K]}. */
  private NDArray splitHeads(NDArray x, int n) {
    Shape s = x.getShape();
    return x.reshape(s.get(0), s.get(1), n, c.dKv()).transpose(0, 2, 1, 3);
  }

  private NDArray embed(NDArray ids) {
    NDList out = ids.getNDArrayInternal().embedding(ids, w.get("shared.weight"), SparseFormat.DENSE);
    return out.singletonOrThrow();
  }

  /** Relative position bias {@code [1, H, q, k]} from block 0's table of {@code stack}. */
  private NDArray positionBias(
      String stack, NDManager m, int qLen, int kLen, int offset, boolean bidirectional) {
    long[] buckets =
        RelativePosition.buckets(
            qLen, kLen, offset, bidirectional, c.relativeAttentionNumBuckets(),
            c.relativeAttentionMaxDistance());
    NDArray idx = owned(m.create(buckets, new Shape(qLen, kLen)));
    NDArray table = w.get(stack + ".block.0.layer.0.SelfAttention.relative_attention_bias.weight");
    NDArray values = idx.getNDArrayInternal().embedding(idx, table, SparseFormat.DENSE).singletonOrThrow();
    return values.transpose(2, 0, 1).expandDims(0); // [q, k, H] → [1, H, q, k]
  }

  /** The bias columns of the kept original heads; computed once per distinct head set. */
  private static NDArray sliceHeads(NDArray bias, int[] heads, Map<String, NDArray> memo) {
    if (heads.length == bias.getShape().get(1) && isRange(heads)) {
      return bias;
    }
    String key = Arrays.toString(heads);
    NDArray cached = memo.get(key);
    if (cached == null) {
      long[] idx = Arrays.stream(heads).asLongStream().toArray();
      NDArray index = owned(bias.getManager().create(idx));
      cached = bias.get(new NDIndex(":, {}", index));
      memo.put(key, cached);
    }
    return cached;
  }

  private static boolean isRange(int[] heads) {
    for (int i = 0; i < heads.length; i++) {
      if (heads[i] != i) {
        return false;
      }
    }
    return true;
  }

  private static NDArray row(NDArray gates, int layer, int width) {
    if (gates == null) {
      return null;
    }
    NDArray r = gates.get(layer);
    if (r.getShape().size() != width) {
      throw new IllegalArgumentException(
          "gate row for layer " + layer + " has " + r.getShape().size() + " entries but the layer has "
              + width);
    }
    return r;
  }

  /** 1/0 mask → additive 0 / −max (HF uses finfo.min), {@code [B, S]}. */
  static NDArray additive(NDArray mask) {
    return mask.toType(DataType.FLOAT32, false).sub(1f).mul(Float.MAX_VALUE);
  }

  private static NDArray asLong(NDArray ids) {
    return ids.getDataType() == DataType.INT64 ? ids : ids.toType(DataType.INT64, false);
  }
}
