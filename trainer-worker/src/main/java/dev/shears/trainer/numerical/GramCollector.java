package dev.shears.trainer.numerical;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.shears.model.ObservedForward;
import dev.shears.model.ProjectionInputs;
import dev.shears.model.T5Model;
import dev.shears.trainer.data.Batch;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Accumulates G = XᵀX in float64 at the input of every output projection ({@code o}, {@code wo}) of a model over
 * teacher-forced calibration batches, pad positions excluded: encoder projections by the source mask, decoder ones
 * (self- and cross-attention, FFN) by the target mask; cross-attention reads the dense encoder output of the same
 * pass. Not thread-safe: one collector per calibration.
 */
public final class GramCollector implements ProjectionInputs {
  private final ObservedForward forward;
  private final Map<String, double[]> sums = new LinkedHashMap<>();
  private final Map<String, Integer> widths = new LinkedHashMap<>();
  private NDArray encoderMask;
  private NDArray decoderMask;
  private long encoderTokens;
  private long decoderTokens;

  public GramCollector(T5Model model) {
    this.forward = new ObservedForward(model);
  }

  /** Adds one batch's statistics. */
  public void add(Batch batch) {
    encoderMask = batch.attentionMask().toType(DataType.FLOAT64, false).expandDims(-1); // [B, S, 1]
    decoderMask = batch.decoderAttentionMask().toType(DataType.FLOAT64, false).expandDims(-1); // [B, T, 1]
    try {
      forward.run(batch.inputIds(), batch.attentionMask(), batch.decoderInputIds(), batch.decoderAttentionMask(),
          this);
      encoderTokens += Math.round(encoderMask.sum().getDouble());
      decoderTokens += Math.round(decoderMask.sum().getDouble());
    } finally {
      encoderMask.close();
      decoderMask.close();
    }
  }

  @Override
  public void accept(String weight, NDArray input) {
    NDArray mask = weight.startsWith("encoder.") ? encoderMask : decoderMask;
    int width = (int) input.getShape().get(2);
    NDArray x = input.toType(DataType.FLOAT64, false).mul(mask).reshape(-1, width); // [B·T, C], pad rows 0
    double[] g = x.transpose().matMul(x).toDoubleArray(); // [C, C]
    double[] sum = sums.computeIfAbsent(weight, k -> new double[width * width]);
    widths.putIfAbsent(weight, width);
    if (sum.length != g.length) {
      throw new IllegalStateException(weight + ": input width changed between calibration batches");
    }
    for (int i = 0; i < g.length; i++) {
      sum[i] += g[i];
    }
  }

  /** G per output projection weight name, {@code [C][C]}. */
  public Map<String, double[][]> grams() {
    Map<String, double[][]> out = new LinkedHashMap<>();
    sums.forEach((name, flat) -> {
      int c = widths.get(name);
      double[][] m = new double[c][c];
      for (int i = 0; i < c; i++) {
        System.arraycopy(flat, i * c, m[i], 0, c);
      }
      out.put(name, m);
    });
    return out;
  }

  /** Non-pad source tokens seen. */
  public long encoderTokens() {
    return encoderTokens;
  }

  /** Non-pad target tokens seen. */
  public long decoderTokens() {
    return decoderTokens;
  }
}
