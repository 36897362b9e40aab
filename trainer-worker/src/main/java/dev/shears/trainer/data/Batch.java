package dev.shears.trainer.data;

import ai.djl.ndarray.NDArray;

/**
 * One padded training batch (B examples, S source and T target positions).
 *
 * @param inputIds [B, S] int64
 * @param attentionMask [B, S], 1 for tokens
 * @param decoderInputIds [B, T], the labels shifted right behind the decoder start token
 * @param decoderAttentionMask [B, T]
 * @param labels [B, T] with {@link #IGNORE_INDEX} at padding
 */
public record Batch(
    NDArray inputIds, NDArray attentionMask, NDArray decoderInputIds, NDArray decoderAttentionMask,
    NDArray labels) {
  /** Label value of padding: never counted in a loss. */
  public static final int IGNORE_INDEX = -100;
}
