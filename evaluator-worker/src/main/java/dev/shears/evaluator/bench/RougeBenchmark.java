package dev.shears.evaluator.bench;

import dev.shears.model.rouge.ExampleScores;
import dev.shears.model.rouge.RougeScorer;
import dev.shears.model.rouge.RougeType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Times corpus ROUGE (1/2/L/Lsum) over a synthetic corpus: two untimed warm-up passes, then
 * {@code runs} timed passes, each with a fresh scorer (cold stem caches, as a new evaluation has).
 * The entry point of {@code shears bench rouge}.
 */
public final class RougeBenchmark {

  /**
   * What to time.
   *
   * @param pairs  summary pairs
   * @param words  words per summary
   * @param stem   Porter stemming on
   * @param runs   timed passes
   * @param seed   corpus seed
   */
  public record Options(int pairs, int words, boolean stem, int runs, long seed) {
    /** The benchmark's workload: 10,000 pairs of 60-word summaries, stemming on, 5 runs. */
    public static Options defaults() {
      return new Options(10_000, 60, true, 5, 42);
    }

    /** Validates. */
    public Options {
      if (pairs < 1 || words < 1 || runs < 1) {
        throw new IllegalArgumentException("Invalid benchmark options: pairs, words and runs must be >= 1, got "
            + pairs + ", " + words + ", " + runs);
      }
    }
  }

  /**
   * Timings.
   *
   * @param options    what was timed
   * @param seconds    wall-clock seconds of each timed pass
   * @param cpuSeconds process CPU seconds of each timed pass (all threads), -1 where not reported
   * @param meanF1     corpus mean F1 per ROUGE type (same in every pass)
   * @param cores      available processors
   */
  public record Result(Options options, List<Double> seconds, List<Double> cpuSeconds, Map<String, Double> meanF1,
      int cores) {
    /** Median seconds per pass. */
    public double medianSeconds() {
      double[] s = seconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Pairs per second at the median. */
    public double pairsPerSecond() {
      return options.pairs() / medianSeconds();
    }

    /** A one-line summary. */
    public String summary() {
      return String.format(java.util.Locale.ROOT,
          "ROUGE-1/2/L/Lsum over %,d pairs of %d-word summaries, stemming %s, %d cores: median %.3f s"
              + " wall (%,.0f pairs/s), runs %s s wall, %s s CPU; mean F1 %s",
          options.pairs(), options.words(), options.stem() ? "on" : "off", cores, medianSeconds(),
          pairsPerSecond(), format(seconds), format(cpuSeconds), meanF1);
    }

    private static List<String> format(List<Double> values) {
      return values.stream().map(s -> String.format(java.util.Locale.ROOT, "%.3f", s)).toList();
    }
  }

  /** Runs the benchmark. */
  public Result run(Options options) {
    SummaryCorpus corpus = SummaryCorpus.generate(options.pairs(), options.words(), options.seed());
    ExampleScores scores = score(corpus, options.stem());
    score(corpus, options.stem());
    List<Double> seconds = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    for (int r = 0; r < options.runs(); r++) {
      long cpuStart = processCpuNanos();
      long start = System.nanoTime();
      scores = score(corpus, options.stem());
      seconds.add((System.nanoTime() - start) / 1e9);
      long cpuEnd = processCpuNanos();
      cpu.add(cpuStart < 0 || cpuEnd < 0 ? -1.0 : (cpuEnd - cpuStart) / 1e9);
    }
    return new Result(options, seconds, cpu, scores.means(), Runtime.getRuntime().availableProcessors());
  }

  private static long processCpuNanos() {
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  private static ExampleScores score(SummaryCorpus corpus, boolean stem) {
    return new RougeScorer(RougeType.STANDARD, stem).f1Scores(corpus.references(), corpus.predictions());
  }

  /** {@code java … RougeBenchmark [pairs] [words]}: prints the summary line. */
  public static void main(String[] args) {
    Options d = Options.defaults();
    Options options = new Options(args.length > 0 ? Integer.parseInt(args[0]) : d.pairs(),
        args.length > 1 ? Integer.parseInt(args[1]) : d.words(), true, d.runs(), d.seed());
    System.out.println(new RougeBenchmark().run(options).summary());
  }
}
