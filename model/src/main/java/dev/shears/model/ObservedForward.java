package dev.shears.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;

/**
 * A teacher-forced forward pass of a {@link T5Model} without dropout, gates or LM head that hands the input of every
 * attention output projection and FFN output projection to a {@link ProjectionInputs}, in forward order. Used to
 * collect calibration statistics; all intermediates are freed before {@link #run} returns.
 */
public final class ObservedForward {
  private final T5Model model;

  public ObservedForward(T5Model model) {
    this.model = model;
  }

  /** Arguments as in {@link T5Model#forward}; the decoder's cross-attention reads this pass's encoder output. */
  public void run(
      NDArray inputIds, NDArray attentionMask, NDArray decoderInputIds, NDArray decoderAttentionMask,
      ProjectionInputs observer) {
    model.checkIds("inputIds", inputIds);
    model.checkIds("decoderInputIds", decoderInputIds);
    T5Layers observed = new T5Layers(model.config(), model.layout(), model.parameters(), observer);
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      T5Layers.Encoded enc = observed.encode(inputIds, attentionMask, Gates.none());
      observed.decode(decoderInputIds, decoderAttentionMask, enc.last(), enc.crossMask(), Gates.none());
    }
  }
}
