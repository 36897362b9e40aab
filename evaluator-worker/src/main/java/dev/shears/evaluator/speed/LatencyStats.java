package dev.shears.evaluator.speed;

import java.util.List;

/**
 * Timed runs of one model on one batch.
 *
 * @param runsMs          wall-clock milliseconds of each timed run
 * @param medianMs        their median
 * @param spreadPercent   (max − min) / median × 100: how repeatable the measurement is
 * @param tokensPerSecond batch size × new tokens per run / median seconds
 */
public record LatencyStats(List<Double> runsMs, double medianMs, double spreadPercent, double tokensPerSecond) {

  /** Copies. */
  public LatencyStats {
    runsMs = List.copyOf(runsMs);
  }

  /** Statistics of {@code runsMs} for a batch producing {@code tokensPerRun} tokens. */
  public static LatencyStats of(List<Double> runsMs, long tokensPerRun) {
    double[] sorted = runsMs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = sorted.length;
    double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    double spread = median > 0 ? 100 * (sorted[n - 1] - sorted[0]) / median : 0;
    return new LatencyStats(runsMs, median, spread, median > 0 ? tokensPerRun / (median / 1000) : 0);
  }
}
