package dev.shears.model;

import ai.djl.ndarray.NDArray;

/**
 * A padded training/evaluation batch. B batch, S source length, T target length; all int64.
 *
 * @param inputIds {@code [B, S]}, right-padded with the pad id
 * @param attentionMask {@code [B, S]} 1 for tokens, 0 for padding
 * @param decoderInputIds {@code [B, T]}: the decoder start token, then the labels shifted right
 * @param decoderAttentionMask {@code [B, T]}
 * @param labels {@code [B, T]}, {@link Seq2SeqBatcher#IGNORE_INDEX} at padding so pad never counts
 */
public record Seq2SeqBatch(
    NDArray inputIds, NDArray attentionMask, NDArray decoderInputIds, NDArray decoderAttentionMask,
    NDArray labels)
    implements AutoCloseable {

  @Override
  public void close() {
    inputIds.close();
    attentionMask.close();
    decoderInputIds.close();
    decoderAttentionMask.close();
    labels.close();
  }
}
