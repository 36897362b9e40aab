package dev.shears.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Tokenises and pads examples into {@link Seq2SeqBatch}es. Sequences longer than the limits are cut
 * and keep their final EOS. Labels carry {@link #IGNORE_INDEX} at padded positions.
 */
public final class Seq2SeqBatcher {
  /** Label value of positions that never count in a loss (HF's -100). */
  public static final int IGNORE_INDEX = -100;

  private final T5Tokenizer tokenizer;
  private final int maxInputLength;
  private final int maxTargetLength;
  private final int padId;
  private final int eosId;
  private final int decoderStartId;

  /** Uses the pad, EOS and decoder start ids of {@code config}. */
  public Seq2SeqBatcher(T5Tokenizer tokenizer, T5Config config, int maxInputLength, int maxTargetLength) {
    if (maxInputLength < 2 || maxTargetLength < 2) {
      throw new IllegalArgumentException(
          "maxInputLength/maxTargetLength: must be >= 2, got " + maxInputLength + "/" + maxTargetLength);
    }
    this.tokenizer = tokenizer;
    this.maxInputLength = maxInputLength;
    this.maxTargetLength = maxTargetLength;
    this.padId = config.padTokenId();
    this.eosId = config.eosTokenId();
    this.decoderStartId = config.decoderStartTokenId();
  }

  /** Token ids of an input text, truncated to the input limit. */
  public int[] encodeInput(String text) {
    return truncate(tokenizer.encode(text), maxInputLength);
  }

  /** Token ids of a target text, truncated to the target limit. */
  public int[] encodeTarget(String text) {
    return truncate(tokenizer.encode(text), maxTargetLength);
  }

  /** Tokenises and pads {@code examples}; the arrays live on {@code manager}. */
  public Seq2SeqBatch batch(List<Seq2SeqExample> examples, NDManager manager) {
    List<int[]> inputs = new ArrayList<>();
    List<int[]> targets = new ArrayList<>();
    for (Seq2SeqExample e : examples) {
      inputs.add(encodeInput(e.input()));
      targets.add(encodeTarget(e.target()));
    }
    return batchIds(inputs, targets, manager);
  }

  /** Pads already tokenised inputs and targets. */
  public Seq2SeqBatch batchIds(List<int[]> inputs, List<int[]> targets, NDManager manager) {
    if (inputs.isEmpty() || inputs.size() != targets.size()) {
      throw new IllegalArgumentException(
          "batch: need as many targets as inputs, and at least one (got " + inputs.size() + "/"
              + targets.size() + ")");
    }
    int b = inputs.size();
    int s = inputs.stream().mapToInt(a -> a.length).max().orElse(1);
    int t = targets.stream().mapToInt(a -> a.length).max().orElse(1);
    long[] ids = new long[b * s];
    long[] mask = new long[b * s];
    long[] dec = new long[b * t];
    long[] decMask = new long[b * t];
    long[] labels = new long[b * t];
    Arrays.fill(ids, padId);
    Arrays.fill(dec, padId);
    Arrays.fill(labels, IGNORE_INDEX);
    for (int i = 0; i < b; i++) {
      int[] in = inputs.get(i);
      for (int j = 0; j < in.length; j++) {
        ids[i * s + j] = in[j];
        mask[i * s + j] = 1;
      }
      int[] tg = targets.get(i);
      for (int j = 0; j < tg.length; j++) {
        labels[i * t + j] = tg[j];
        dec[i * t + j] = j == 0 ? decoderStartId : tg[j - 1];
        decMask[i * t + j] = 1;
      }
    }
    return new Seq2SeqBatch(
        manager.create(ids, new Shape(b, s)), manager.create(mask, new Shape(b, s)),
        manager.create(dec, new Shape(b, t)), manager.create(decMask, new Shape(b, t)),
        manager.create(labels, new Shape(b, t)));
  }

  private int[] truncate(int[] ids, int max) {
    if (ids.length <= max) {
      return ids;
    }
    int[] out = Arrays.copyOf(ids, max);
    if (ids[ids.length - 1] == eosId) {
      out[max - 1] = eosId;
    }
    return out;
  }
}
