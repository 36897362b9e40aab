package dev.shears.evaluator.speed;

import dev.shears.events.ConfidenceInterval;
import dev.shears.report.stats.Bootstrap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures generation speed the way the NASH paper reports it (appendix F): the same batch, beam search,
 * a fixed number of new tokens with every decoding step run; here teacher and model alternate in one
 * process after warm-up (the order flips every round so drift affects both alike) and the median of the
 * timed runs counts. Rounds go on past the minimum until the speed-up's 95 % bootstrap interval over the rounds is as
 * narrow as {@link TimingStop} asks, or its cap. Whole-{@code generate} latency is what a user waits for; the released NASH code
 * times only the encoder and decoder blocks. Blocking: run it on a worker thread.
 */
public final class SpeedMeter {

  private final int warmupRuns;
  private final int runs;
  private final TimingStop stop;
  private final Bootstrap bootstrap;

  /**
   * A meter timing exactly {@code runs} rounds.
   *
   * @param warmupRuns untimed runs of each model first (JIT, allocator, caches)
   * @param runs       timed runs of each model (at least 5 for a median the paper's way)
   */
  public SpeedMeter(int warmupRuns, int runs) {
    this(warmupRuns, runs, TimingStop.fixed(Math.max(1, runs)), 0);
  }

  /**
   * A meter timing at least {@code runs} rounds and then as many as {@code stop} asks.
   *
   * @param bootstrapSeed seed of the speed-up's interval
   */
  public SpeedMeter(int warmupRuns, int runs, TimingStop stop, long bootstrapSeed) {
    if (warmupRuns < 0) {
      throw new IllegalArgumentException("Invalid value " + warmupRuns + " for eval.warmupRuns: must be >= 0");
    }
    if (runs < 1) {
      throw new IllegalArgumentException("Invalid value " + runs + " for eval.timedRuns: must be >= 1");
    }
    this.warmupRuns = warmupRuns;
    this.runs = runs;
    this.stop = stop;
    this.bootstrap = Bootstrap.defaults(bootstrapSeed);
  }

  /** Times {@code teacher} and {@code model} on {@code batch}. */
  public SpeedComparison compare(GenerationModel teacher, GenerationModel model, List<int[]> batch, Decoding decoding) {
    if (batch.isEmpty()) {
      throw new IllegalArgumentException("Speed measurement needs a non-empty batch");
    }
    for (int i = 0; i < warmupRuns; i++) {
      teacher.generate(batch, decoding);
      model.generate(batch, decoding);
    }
    List<Double> teacherMs = new ArrayList<>();
    List<Double> modelMs = new ArrayList<>();
    ConfidenceInterval interval = null;
    while (!stop.done(teacherMs.size(), runs, interval)) {
      if (teacherMs.size() % 2 == 0) {
        teacherMs.add(time(teacher, batch, decoding));
        modelMs.add(time(model, batch, decoding));
      } else {
        modelMs.add(time(model, batch, decoding));
        teacherMs.add(time(teacher, batch, decoding));
      }
      if (teacherMs.size() >= Math.min(runs, TimingStop.MIN_ROUNDS_FOR_INTERVAL) && stop.precision() > 0) {
        interval = bootstrap.ratioOfMedians(teacherMs, modelMs);
      }
    }
    int rounds = teacherMs.size();
    long tokens = (long) batch.size() * decoding.maxNewTokens();
    LatencyStats t = LatencyStats.of(teacherMs, tokens);
    LatencyStats m = LatencyStats.of(modelMs, tokens);
    double[] ratios = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      ratios[i] = teacherMs.get(i) / modelMs.get(i);
    }
    java.util.Arrays.sort(ratios);
    double paired = rounds % 2 == 1 ? ratios[rounds / 2] : (ratios[rounds / 2 - 1] + ratios[rounds / 2]) / 2;
    // Interleaved rounds: run i of the teacher and run i of the model were timed back to back.
    ConfidenceInterval speedupInterval = bootstrap.ratioOfMedians(teacherMs, modelMs);
    return new SpeedComparison(t, m, t.medianMs() / m.medianMs(), batch.size(), decoding, peakRss(), paired,
        speedupInterval);
  }

  private static double time(GenerationModel model, List<int[]> batch, Decoding decoding) {
    if (Thread.currentThread().isInterrupted()) {
      throw new IllegalStateException("Speed measurement interrupted");
    }
    long start = System.nanoTime();
    model.generate(batch, decoding);
    return (System.nanoTime() - start) / 1e6;
  }

  /** VmHWM from /proc/self/status, in bytes; -1 where unavailable. */
  static long peakRss() {
    Path status = Path.of("/proc/self/status");
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmHWM:")) {
          String[] parts = line.substring(6).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
