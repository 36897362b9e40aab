package dev.shears.evaluator.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.shears.evaluator.speed.Decoding;
import dev.shears.evaluator.speed.SpeedComparison;
import dev.shears.evaluator.speed.SpeedMeter;
import dev.shears.evaluator.speed.TextCodec;
import dev.shears.evaluator.t5.T5GenerationModel;
import dev.shears.model.BuiltinModels;
import dev.shears.model.DecoderLayerSelection;
import dev.shears.model.Gates;
import dev.shears.model.PhysicalPruner;
import dev.shears.model.T5Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Speed-up of decoder-shortened copies of the built-in tiny T5 (12 decoder layers) over the full model,
 * measured as the evaluator measures exports: same batch, beam search, every decoding step, alternating
 * after warm-up, median of the timed runs; with the spread of the runs as the repeatability figure. The
 * entry point of {@code shears bench speed}.
 */
public final class SpeedBenchmark {

  /**
   * What to time.
   *
   * @param decoderLayers student depths to compare with the 12-layer teacher (uniform selection)
   * @param batchSize     inputs per batch
   * @param beams         beam width
   * @param newTokens     tokens generated (all steps run)
   * @param inputLength   tokens per input
   * @param warmupRuns    untimed runs per model
   * @param runs          timed runs per model
   * @param seed          weights and input seed
   */
  public record Options(List<Integer> decoderLayers, int batchSize, int beams, int newTokens, int inputLength,
      int warmupRuns, int runs, long seed) {
    /** The paper's measurement shape: batch 32, beam 4, 32 tokens, depths 2, 3, 4. */
    public static Options defaults() {
      return new Options(List.of(2, 3, 4), 32, 4, 32, 64, 2, 5, 7);
    }
  }

  /** Timing of one student depth. */
  public record Row(int decoderLayers, SpeedComparison speed) {}

  /**
   * Timing of one decoder width: all 12 decoder layers kept, each with the fraction {@code keep} of its
   * self-attention heads, cross-attention heads and FFN dimensions (paper Finding 3.1: width pruning barely speeds
   * up the decoder).
   */
  public record WidthRow(double keep, SpeedComparison speed) {}

  private static final TextCodec IDS_ONLY = new TextCodec() {
    @Override
    public int[] encode(String text) {
      throw new UnsupportedOperationException("the speed benchmark feeds token ids");
    }

    @Override
    public String decode(int[] ids) {
      throw new UnsupportedOperationException("the speed benchmark feeds token ids");
    }
  };

  /** Runs the comparison for each depth. */
  public List<Row> run(Options options) {
    List<Integer> depths = options.decoderLayers();
    List<SpeedComparison> speeds = time(options, depths, (full, depth, manager) ->
        full.withDecoderLayers(DecoderLayerSelection.uniform(full.config().numDecoderLayers(), depth)));
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < depths.size(); i++) {
      rows.add(new Row(depths.get(i), speeds.get(i)));
    }
    return rows;
  }

  /** Times width-pruned decoders (every layer kept, a fraction of each layer's heads and FFN dimensions). */
  public List<WidthRow> runWidths(Options options, List<Double> keepFractions) {
    checkWidths(keepFractions);
    List<SpeedComparison> speeds = time(options, keepFractions, (full, keep, manager) ->
        PhysicalPruner.prune(full, decoderWidth(full, keep, manager)));
    List<WidthRow> rows = new ArrayList<>();
    for (int i = 0; i < keepFractions.size(); i++) {
      rows.add(new WidthRow(keepFractions.get(i), speeds.get(i)));
    }
    return rows;
  }

  /** Throws, naming it, when a decoder width is not a fraction in (0, 1]. */
  public static void checkWidths(List<Double> keepFractions) {
    for (double keep : keepFractions) {
      if (!(keep > 0 && keep <= 1)) {
        throw new IllegalArgumentException("Invalid decoder width " + keep + ": must be in (0, 1]");
      }
    }
  }

  /** Derives one student of the full model. */
  @FunctionalInterface
  private interface Student<K> {
    T5Model of(T5Model full, K key, NDManager manager);
  }

  /** Times the student of every key against the full model, alternating, on the options' batch. */
  private <K> List<SpeedComparison> time(Options options, List<K> keys, Student<K> student) {
    List<SpeedComparison> out = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      T5Model full = BuiltinModels.create(BuiltinModels.TINY_T5, options.seed(), manager);
      List<int[]> batch = batch(options, full.config().vocabSize());
      Decoding decoding = new Decoding(options.beams(), options.newTokens(), true);
      SpeedMeter meter = new SpeedMeter(options.warmupRuns(), options.runs());
      T5GenerationModel teacher = new T5GenerationModel(full, IDS_ONLY);
      try {
        for (K key : keys) {
          try (T5GenerationModel model = new T5GenerationModel(student.of(full, key, manager), IDS_ONLY)) {
            out.add(meter.compare(teacher, model, batch, decoding));
          }
        }
      } finally {
        teacher.close();
      }
    }
    return out;
  }

  private static Gates decoderWidth(T5Model model, double keep, NDManager manager) {
    int layers = model.config().numDecoderLayers();
    int heads = model.config().numHeads();
    int ffn = model.config().dFf();
    return Gates.builder()
        .optDecoderSelfHeads(firstOnes(layers, heads, keep, manager))
        .optDecoderCrossHeads(firstOnes(layers, heads, keep, manager))
        .optDecoderFfn(firstOnes(layers, ffn, keep, manager))
        .build();
  }

  private static NDArray firstOnes(int layers, int n, double keep, NDManager manager) {
    int kept = Math.max(1, (int) Math.round(keep * n));
    float[] values = new float[layers * n];
    for (int l = 0; l < layers; l++) {
      java.util.Arrays.fill(values, l * n, l * n + kept, 1f);
    }
    return manager.create(values, new Shape(layers, n));
  }

  /** A Markdown table of width-pruned decoders. */
  public static String widthTable(Options o, List<WidthRow> rows) {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
        "tiny T5, all 12 decoder layers kept, a fraction of every decoder layer's heads and FFN dimensions; batch %d, "
            + "beam %d, %d new tokens (all steps)%n%n| decoder width kept | teacher median ms | student median ms "
            + "| speed-up | paired speed-up |%n|---|---|---|---|---|%n", o.batchSize(), o.beams(), o.newTokens()));
    for (WidthRow r : rows) {
      b.append(String.format(Locale.ROOT, "| %.0f%% | %.1f | %.1f | %.2f× | %.2f× |%n", 100 * r.keep(),
          r.speed().teacher().medianMs(), r.speed().model().medianMs(), r.speed().speedup(),
          r.speed().pairedSpeedup()));
    }
    return b.toString();
  }

  /** A Markdown table of the rows. */
  public static String table(Options o, List<Row> rows) {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
        "tiny T5 (12 decoder layers) vs uniform-selected students; batch %d, beam %d, %d new tokens (all steps), "
            + "%d warm-up + %d timed runs each, alternating%n%n"
            + "| decoder layers | teacher median ms | teacher spread | student median ms | student spread "
            + "| speed-up | paired speed-up | student tokens/s |%n|---|---|---|---|---|---|---|---|%n",
        o.batchSize(), o.beams(), o.newTokens(), o.warmupRuns(), o.runs()));
    for (Row r : rows) {
      b.append(String.format(Locale.ROOT, "| %d | %.1f | %.0f%% | %.1f | %.0f%% | %.2f× | %.2f× | %.0f |%n",
          r.decoderLayers(), r.speed().teacher().medianMs(), r.speed().teacher().spreadPercent(),
          r.speed().model().medianMs(), r.speed().model().spreadPercent(), r.speed().speedup(),
          r.speed().pairedSpeedup(), r.speed().model().tokensPerSecond()));
    }
    return b.toString();
  }

  private static List<int[]> batch(Options o, int vocab) {
    SplittableRandom random = new SplittableRandom(o.seed());
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < o.batchSize(); i++) {
      int[] ids = new int[o.inputLength()];
      for (int j = 0; j < ids.length - 1; j++) {
        ids[j] = 3 + random.nextInt(vocab - 3);
      }
      ids[ids.length - 1] = 1;
      out.add(ids);
    }
    return out;
  }

  /** {@code java … SpeedBenchmark}: prints the table for the default options. */
  public static void main(String[] args) {
    Options o = Options.defaults();
    System.out.print(table(o, new SpeedBenchmark().run(o)));
  }
}
