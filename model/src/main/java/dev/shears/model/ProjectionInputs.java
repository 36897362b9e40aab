package dev.shears.model;

import ai.djl.ndarray.NDArray;

/**
 * Receives, during an observed forward pass ({@link T5Model#observe}), the input of every output projection: each
 * attention sublayer's {@code o} (the merged head contexts, {@code [B, T, N·K]}) and each FFN's {@code wo} (the
 * activation, {@code [B, T, F]}; for gated FFNs after the product). Calibration statistics of training-free pruning
 * are computed from these.
 */
@FunctionalInterface
public interface ProjectionInputs {
  /**
   * @param weight the HF name of the projection's weight, e.g. {@code encoder.block.0.layer.0.SelfAttention.o.weight}
   *     or {@code decoder.block.2.layer.2.DenseReluDense.wo.weight}
   * @param input the projection's input; valid only during the call (the caller's scope frees it)
   */
  void accept(String weight, NDArray input);
}
