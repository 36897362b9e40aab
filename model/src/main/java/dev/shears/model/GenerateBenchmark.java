package dev.shears.model;

import ai.djl.ndarray.NDManager;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code shears bench generate}: whole-{@code generate} latency of a model at several decoder
 * depths (uniform selection), every decoding step run (EOS ignored), with the KV cache and, for
 * comparison, without it. Inputs are the first examples of the synthetic summarisation test split.
 */
public final class GenerateBenchmark {
  private GenerateBenchmark() {}

  /**
   * Benchmark settings.
   *
   * @param model model reference ({@code builtin:tiny-t5} or a directory)
   * @param seed initialisation seed of a built-in model
   * @param batchSize sequences per batch
   * @param numBeams beams
   * @param maxNewTokens decoding steps per sequence (all run)
   * @param decoderDepths decoder depths to time; the full depth uses the model as is
   * @param warmup untimed runs per configuration
   * @param repeats timed runs per configuration (the median is reported)
   * @param cacheTokens decoding steps of the cached-vs-uncached comparison (0 skips it)
   * @param cacheDepths decoder depths of the cached-vs-uncached comparison
   * @param exportDir when not null, the full model (HF layout) and the input ids ({@code
   *     inputs.json}) are written there for the PyTorch peer script {@code
   *     model/src/test/python/bench_generate.py}
   */
  public record Options(
      String model, long seed, int batchSize, int numBeams, int maxNewTokens, int[] decoderDepths,
      int warmup, int repeats, int cacheTokens, int[] cacheDepths, java.nio.file.Path exportDir) {

    /** Batch 32, beam 4, 32 steps, depths 12/4/3/2/1, cache comparison at 64 steps on depths 12 and 3. */
    public static Options defaults() {
      return new Options(
          BuiltinModels.TINY_T5, 0, 32, 4, 32, new int[] {12, 4, 3, 2, 1}, 1, 3, 64, new int[] {12, 3},
          null);
    }
  }

  /**
   * One measured configuration.
   *
   * @param medianMs median wall-clock latency of one batch
   * @param minMs fastest wall-clock latency
   * @param medianCpuMs median CPU time of the calling thread per batch: with one torch intra-op
   *     thread every op runs on it, so this is the work done, robust to other load on the machine
   * @param tokensPerSecond generated tokens (batch × steps, best beam) per second at the median wall time
   */
  public record Result(
      int decoderLayers, boolean cached, int newTokens, long parameters, double medianMs,
      double minMs, double medianCpuMs, double tokensPerSecond) {}

  /** Runs the benchmark, printing a Markdown table to {@code out}; returns the rows. */
  public static List<Result> run(Options o, PrintStream out) {
    List<Result> results = new ArrayList<>();
    try (NDManager m = NDManager.newBaseManager();
        T5Model full = T5Model.open(o.model(), o.seed(), m);
        T5Tokenizer tok = T5Tokenizer.forModel(o.model())) {
      List<int[]> inputs = new ArrayList<>();
      Seq2SeqBatcher batcher = new Seq2SeqBatcher(tok, full.config(), 64, 64);
      List<Seq2SeqExample> test = SyntheticTasks.load(SyntheticTasks.SUMMARIZE, 0).test();
      for (int i = 0; i < o.batchSize(); i++) {
        inputs.add(batcher.encodeInput(test.get(i % test.size()).input()));
      }
      if (o.exportDir() != null) {
        export(full, inputs, o.exportDir());
      }
      int totalLayers = full.config().numDecoderLayers();
      out.printf("model %s, batch %d, beams %d, all steps; %d CPU threads available%n%n", o.model(),
          o.batchSize(), o.numBeams(), Runtime.getRuntime().availableProcessors());
      out.println("| decoder layers | KV cache | new tokens | params | median ms/batch | min ms | median CPU ms | tokens/s |");
      out.println("|---:|:---:|---:|---:|---:|---:|---:|---:|");
      for (int depth : o.decoderDepths()) {
        results.add(measure(full, depth, totalLayers, inputs, o, o.maxNewTokens(), true, out));
      }
      if (o.cacheTokens() > 0) {
        for (int depth : o.cacheDepths()) {
          results.add(measure(full, depth, totalLayers, inputs, o, o.cacheTokens(), true, out));
          results.add(measure(full, depth, totalLayers, inputs, o, o.cacheTokens(), false, out));
        }
      }
    }
    return results;
  }

  private static Result measure(
      T5Model full, int depth, int totalLayers, List<int[]> inputs, Options o, int steps,
      boolean cached, PrintStream out) {
    T5Model model =
        depth == totalLayers ? full : full.withDecoderLayers(DecoderLayerSelection.uniform(totalLayers, depth));
    try {
      GenerationConfig cfg =
          new GenerationConfig(o.numBeams(), steps, 1.0, GenerationConfig.EarlyStopping.FALSE, true, cached);
      Generator gen = new Generator(model);
      for (int i = 0; i < o.warmup(); i++) {
        gen.generate(inputs, cfg);
      }
      java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
      double[] ms = new double[o.repeats()];
      double[] cpu = new double[o.repeats()];
      for (int i = 0; i < ms.length; i++) {
        long c0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        gen.generate(inputs, cfg);
        ms[i] = (System.nanoTime() - t0) / 1e6;
        cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
      }
      double median = median(ms);
      double tps = inputs.size() * (double) steps / (median / 1000.0);
      Result r =
          new Result(depth, cached, steps, model.numParameters(), median, Arrays.stream(ms).min().orElse(0),
              median(cpu), tps);
      out.printf("| %d | %s | %d | %,d | %.1f | %.1f | %.1f | %.0f |%n", depth, cached ? "yes" : "no", steps,
          r.parameters(), r.medianMs(), r.minMs(), r.medianCpuMs(), r.tokensPerSecond());
      out.flush();
      return r;
    } finally {
      if (model != full) {
        model.close();
      }
    }
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static void export(T5Model model, List<int[]> inputs, java.nio.file.Path dir) {
    model.save(dir);
    StringBuilder sb = new StringBuilder("{\"input_ids\": [");
    for (int i = 0; i < inputs.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(Arrays.toString(inputs.get(i)));
    }
    try {
      java.nio.file.Files.writeString(dir.resolve("inputs.json"), sb.append("]}").toString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Runs with the defaults; {@code args}: [repeats] [maxNewTokens] [exportDir]. */
  public static void main(String[] args) {
    Options d = Options.defaults();
    int repeats = args.length > 0 ? Integer.parseInt(args[0]) : d.repeats();
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : d.maxNewTokens();
    java.nio.file.Path export = args.length > 2 ? java.nio.file.Path.of(args[2]) : null;
    run(new Options(d.model(), d.seed(), d.batchSize(), d.numBeams(), steps, d.decoderDepths(), d.warmup(),
        repeats, d.cacheTokens(), d.cacheDepths(), export), System.out);
  }
}
