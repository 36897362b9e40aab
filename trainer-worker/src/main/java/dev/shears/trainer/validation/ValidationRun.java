package dev.shears.trainer.validation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import dev.shears.model.Gates;
import dev.shears.model.GenerationConfig;
import dev.shears.model.Generator;
import dev.shears.model.T5Model;
import dev.shears.model.rouge.RougeScorer;
import dev.shears.model.rouge.RougeType;
import dev.shears.trainer.data.Batch;
import dev.shears.trainer.data.BatchSource;
import dev.shears.trainer.nash.DistillationLoss;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One validation of a model on the trial's fixed validation subset (the {@link BatchSource}'s validation batches:
 * the first {@code trainer.validationBatches × training.batchSize} examples of the validation split, the same for
 * every trial and every call): mean label cross-entropy and, with {@link #withRouge}, ROUGE-L F1 of greedy
 * generation. The references are the validation labels decoded (what the model is trained to produce, cut to
 * {@code trainer.maxTargetLength}); ROUGE is {@code rouge_score}'s, without stemming. Blocking: call it on the
 * trial's worker thread. Every array it makes lives in a sub-manager of {@code manager} closed before it returns.
 */
public final class ValidationRun {
  private static final DistillationLoss CROSS_ENTROPY =
      new DistillationLoss(new DistillationLoss.Weights(0, 1, 0, 0, 1), Batch.IGNORE_INDEX);
  private static final RougeScorer ROUGE_L = new RougeScorer(List.of(RougeType.ROUGE_L), false);

  private final BatchSource data;
  private final Function<int[], String> detokenizer;
  private final GenerationConfig generation;

  /**
   * The result of one validation.
   *
   * @param loss mean label cross-entropy over the validation batches (a mean of batch means)
   * @param rougeL mean ROUGE-L F1 of greedy generation against the references, or null when not measured
   * @param examples how many validation examples were scored
   */
  public record Result(double loss, Double rougeL, int examples) {}

  private ValidationRun(BatchSource data, Function<int[], String> detokenizer, GenerationConfig generation) {
    this.data = data;
    this.detokenizer = detokenizer;
    this.generation = generation;
  }

  /** A validation that measures the loss only. */
  public static ValidationRun lossOnly(BatchSource data) {
    return new ValidationRun(data, null, null);
  }

  /**
   * A validation that also generates greedily (up to {@code maxNewTokens} tokens, KV cache on) and scores ROUGE-L;
   * {@code detokenizer} turns ids into text with special tokens dropped ({@code T5Tokenizer::decode}).
   */
  public static ValidationRun withRouge(BatchSource data, Function<int[], String> detokenizer, int maxNewTokens) {
    if (maxNewTokens < 1) {
      throw new IllegalArgumentException("Invalid value " + maxNewTokens + " for maxNewTokens: must be >= 1");
    }
    return new ValidationRun(data, Objects.requireNonNull(detokenizer, "detokenizer"),
        GenerationConfig.greedy(maxNewTokens));
  }

  /** Validates {@code model} without gates. */
  public Result run(T5Model model, NDManager manager) {
    return run(model, Gates.none(), manager);
  }

  /** Validates {@code model} with its structure masked by {@code gates} (training-time masks of a student). */
  public Result run(T5Model model, Gates gates, NDManager manager) {
    int batches = data.validationBatches();
    double lossSum = 0;
    List<String> references = new ArrayList<>();
    List<String> predictions = new ArrayList<>();
    Generator generator = generation == null ? null : new Generator(model);
    int examples = 0;
    for (int i = 0; i < batches; i++) {
      try (NDManager scope = manager.newSubManager(); NDScope ignored = new NDScope()) {
        Batch b = data.validation(i, scope);
        examples += (int) b.inputIds().getShape().get(0);
        NDArray logits = model.logits(b.inputIds(), b.attentionMask(), b.decoderInputIds(),
            b.decoderAttentionMask(), gates);
        lossSum += CROSS_ENTROPY.crossEntropy(logits, b.labels()).getFloat();
        if (generator != null) {
          for (int[] ids : generator.generate(b.inputIds(), b.attentionMask(), gates, generation)) {
            predictions.add(detokenizer.apply(ids));
          }
          for (int[] ids : labelRows(b.labels())) {
            references.add(detokenizer.apply(ids));
          }
        }
      }
    }
    double loss = lossSum / Math.max(1, batches);
    if (generator == null || references.isEmpty()) {
      return new Result(loss, null, examples);
    }
    double f = 0;
    for (var score : ROUGE_L.scoreAll(references, predictions)) {
      f += score.get(RougeType.ROUGE_L).fmeasure();
    }
    return new Result(loss, f / references.size(), examples);
  }

  /** Each row of {@code labels} [B, T] without its padding ({@link Batch#IGNORE_INDEX}). */
  static List<int[]> labelRows(NDArray labels) {
    int rows = (int) labels.getShape().get(0);
    int cols = (int) labels.getShape().get(1);
    long[] flat = labels.toType(DataType.INT64, false).toLongArray();
    List<int[]> out = new ArrayList<>(rows);
    for (int r = 0; r < rows; r++) {
      int[] row = new int[cols];
      int n = 0;
      for (int c = 0; c < cols; c++) {
        long id = flat[r * cols + c];
        if (id != Batch.IGNORE_INDEX) {
          row[n++] = (int) id;
        }
      }
      out.add(Arrays.copyOf(row, n));
    }
    return out;
  }
}
