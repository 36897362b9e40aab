package dev.shears.model;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * The result of a teacher-forced forward pass. Shapes: B batch, S source length, T target length, D
 * d_model, V vocabulary. Arrays are attached to the manager of the input ids; close this (or that
 * manager) when done.
 *
 * @param logits {@code [B, T, V]}
 * @param encoderLastHidden {@code [B, S, D]}, after the encoder's final layer norm
 * @param encoderHidden HF's {@code encoder_hidden_states}: embeddings, outputs of blocks 1…L−1, then
 *     the final-layer-norm output (L+1 arrays of {@code [B, S, D]})
 * @param decoderHidden the same for the decoder ({@code [B, T, D]})
 * @param encoderBlockOutputs output of every encoder block before the final layer norm (L arrays);
 *     what NASH's hidden-state MSE compares
 * @param decoderBlockOutputs the same for the decoder blocks
 */
public record Seq2SeqOutput(
    NDArray logits,
    NDArray encoderLastHidden,
    List<NDArray> encoderHidden,
    List<NDArray> decoderHidden,
    List<NDArray> encoderBlockOutputs,
    List<NDArray> decoderBlockOutputs)
    implements AutoCloseable {

  @Override
  public void close() {
    logits.close();
    encoderLastHidden.close();
    encoderHidden.forEach(NDArray::close);
    decoderHidden.forEach(NDArray::close);
    encoderBlockOutputs.forEach(NDArray::close);
    decoderBlockOutputs.forEach(NDArray::close);
  }
}
