package dev.shears.trainer.data;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.shears.trainer.nash.SeededRandom;
import java.util.Collections;
import java.util.List;

/**
 * Pads tokenised examples into {@link Batch}es. Training batch k takes examples {@code k·B … k·B+B−1} of an endless
 * stream in which every epoch is a fresh shuffle seeded by (seed, epoch): no state, so the data cursor of a
 * checkpoint is the batch index. Sources get EOS and are cut to {@code maxSource}; labels are the target plus EOS
 * cut to {@code maxTarget}, padded with {@link Batch#IGNORE_INDEX}; decoder inputs are the labels shifted right
 * behind the decoder start token.
 */
public final class ExampleBatches implements BatchSource {
  private final List<Example> train;
  private final List<Example> validation;
  private final int batchSize;
  private final int maxSource;
  private final int maxTarget;
  private final long seed;
  private final Special special;
  private final Runnable onClose;

  /**
   * Special token ids.
   *
   * @param pad padding id
   * @param eos end-of-sequence id
   * @param decoderStart decoder start id
   */
  public record Special(int pad, int eos, int decoderStart) {}

  /** Batches of {@code batchSize} from {@code train}; validation batches of the same size from {@code validation}. */
  public ExampleBatches(List<Example> train, List<Example> validation, int batchSize, int maxSource, int maxTarget,
      long seed, Special special) {
    this(train, validation, batchSize, maxSource, maxTarget, seed, special, () -> {});
  }

  /**
   * As the public constructor, over lists that may tokenise on access (they are read, never copied) and running
   * {@code onClose} when the batches are closed.
   */
  ExampleBatches(List<Example> train, List<Example> validation, int batchSize, int maxSource, int maxTarget,
      long seed, Special special, Runnable onClose) {
    if (train.isEmpty()) {
      throw new IllegalArgumentException("task.dataset: the training split is empty");
    }
    if (batchSize < 1 || maxSource < 2 || maxTarget < 2) {
      throw new IllegalArgumentException("batch size must be >= 1 and lengths >= 2, were " + batchSize + ", "
          + maxSource + ", " + maxTarget);
    }
    this.train = Collections.unmodifiableList(train);
    this.validation = Collections.unmodifiableList(validation.isEmpty() ? train : validation);
    this.batchSize = batchSize;
    this.maxSource = maxSource;
    this.maxTarget = maxTarget;
    this.seed = seed;
    this.special = special;
    this.onClose = onClose;
  }

  @Override
  public void close() {
    onClose.run();
  }

  @Override
  public Batch train(long index, NDManager manager) {
    Example[] picked = new Example[batchSize];
    long n = train.size();
    int[] order = null;
    long orderEpoch = -1;
    for (int j = 0; j < batchSize; j++) {
      long position = index * batchSize + j;
      long epoch = position / n;
      if (epoch != orderEpoch) {
        order = shuffle((int) n, seed * 0x9E3779B97F4A7C15L + epoch);
        orderEpoch = epoch;
      }
      picked[j] = train.get(order[(int) (position % n)]);
    }
    return pad(picked, manager);
  }

  @Override
  public Batch validation(int index, NDManager manager) {
    Example[] picked = new Example[Math.min(batchSize, validation.size() - index * batchSize)];
    for (int j = 0; j < picked.length; j++) {
      picked[j] = validation.get(index * batchSize + j);
    }
    return pad(picked, manager);
  }

  @Override
  public int validationBatches() {
    return (validation.size() + batchSize - 1) / batchSize;
  }

  private static int[] shuffle(int n, long seed) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SeededRandom random = new SeededRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  private Batch pad(Example[] examples, NDManager manager) {
    int b = examples.length;
    int s = 1;
    int t = 1;
    for (Example e : examples) {
      s = Math.max(s, Math.min(maxSource, e.source().length + 1));
      t = Math.max(t, Math.min(maxTarget, e.target().length + 1));
    }
    long[] input = new long[b * s];
    long[] mask = new long[b * s];
    long[] decoderInput = new long[b * t];
    long[] decoderMask = new long[b * t];
    long[] labels = new long[b * t];
    java.util.Arrays.fill(input, special.pad());
    java.util.Arrays.fill(decoderInput, special.pad());
    java.util.Arrays.fill(labels, Batch.IGNORE_INDEX);
    for (int i = 0; i < b; i++) {
      int[] src = withEos(examples[i].source(), maxSource);
      for (int k = 0; k < src.length; k++) {
        input[i * s + k] = src[k];
        mask[i * s + k] = 1;
      }
      int[] tgt = withEos(examples[i].target(), maxTarget);
      for (int k = 0; k < tgt.length; k++) {
        labels[i * t + k] = tgt[k];
        decoderInput[i * t + k] = k == 0 ? special.decoderStart() : tgt[k - 1];
        decoderMask[i * t + k] = 1;
      }
    }
    return new Batch(
        manager.create(input, new Shape(b, s)),
        manager.create(mask, new Shape(b, s)),
        manager.create(decoderInput, new Shape(b, t)),
        manager.create(decoderMask, new Shape(b, t)),
        manager.create(labels, new Shape(b, t)));
  }

  private int[] withEos(int[] ids, int max) {
    int keep = Math.min(ids.length, max - 1);
    int[] out = new int[keep + 1];
    System.arraycopy(ids, 0, out, 0, keep);
    out[keep] = special.eos();
    return out;
  }
}
