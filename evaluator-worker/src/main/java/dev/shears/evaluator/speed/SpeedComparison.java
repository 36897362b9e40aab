package dev.shears.evaluator.speed;

import dev.shears.events.ConfidenceInterval;

/**
 * Teacher and model timed on the same batch.
 *
 * @param teacher      the teacher's runs
 * @param model        the model's runs
 * @param speedup      teacher median latency / model median latency
 * @param batchSize    inputs per batch
 * @param decoding     how the batch was decoded
 * @param peakRssBytes the process's resident-memory high-water mark after the runs (process-wide), or -1
 *                     where the platform does not report it
 * @param pairedSpeedup median over rounds of teacher time / model time within the round: the two runs of a
 *                      round are adjacent in time, so load that drifts between rounds cancels out
 * @param speedupInterval {@code speedup} with its 95 % bootstrap interval over the rounds
 */
public record SpeedComparison(LatencyStats teacher, LatencyStats model, double speedup, int batchSize,
    Decoding decoding, long peakRssBytes, double pairedSpeedup, ConfidenceInterval speedupInterval) {

  /** Timed rounds (one run of each model per round). */
  public int rounds() {
    return teacher.runsMs().size();
  }

  /** The interval's half-width as a percentage of the speed-up. */
  public double halfWidthPercent() {
    return 100 * TimingStop.relativeHalfWidth(speedupInterval);
  }
}
