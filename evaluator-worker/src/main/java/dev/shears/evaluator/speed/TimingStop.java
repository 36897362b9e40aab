package dev.shears.evaluator.speed;

import dev.shears.events.ConfidenceInterval;
import java.util.Locale;

/**
 * When interleaved timing of teacher and model stops: once at least the minimum rounds have run, as soon as the
 * speed-up's 95 % interval is narrow enough (half-width ≤ {@code precision} × the estimate), or at {@code maxRounds}
 * whatever its width. Pure.
 *
 * @param maxRounds the cap on timed rounds (each round times the teacher and the model once)
 * @param precision the half-width to reach, relative to the speed-up; 0 never stops early (always {@code maxRounds})
 */
public record TimingStop(int maxRounds, double precision) {
  /** {@code eval.maxTimingRounds} and {@code eval.speedupPrecision}'s defaults: at most 60 rounds, ±5 %. */
  public static final TimingStop DEFAULT = new TimingStop(60, 0.05);
  /** The fewest rounds an interval is computed from: a bootstrap over fewer says nothing. */
  public static final int MIN_ROUNDS_FOR_INTERVAL = 5;

  /** Validates, naming the spec field. */
  public TimingStop {
    if (maxRounds < 1) {
      throw new IllegalArgumentException("Invalid value " + maxRounds + " for eval.maxTimingRounds: must be >= 1");
    }
    if (!(precision >= 0 && precision <= 1)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "Invalid value %s for eval.speedupPrecision: must be in [0, 1]", precision));
    }
  }

  /** Timing of exactly {@code rounds} rounds, as before the stopping rule. */
  public static TimingStop fixed(int rounds) {
    return new TimingStop(rounds, 0);
  }

  /** Whether timing may stop after {@code rounds} rounds, at least {@code minRounds}, with the interval so far. */
  public boolean done(int rounds, int minRounds, ConfidenceInterval speedup) {
    if (rounds < minRounds) {
      return false;
    }
    if (rounds >= Math.max(minRounds, maxRounds)) {
      return true;
    }
    return precision > 0 && rounds >= MIN_ROUNDS_FOR_INTERVAL && speedup != null && relativeHalfWidth(speedup) <= precision;
  }

  /** The interval's half-width over its estimate (infinite for an estimate of 0). */
  public static double relativeHalfWidth(ConfidenceInterval ci) {
    return ci.mean() > 0 ? (ci.high() - ci.low()) / 2 / ci.mean() : Double.POSITIVE_INFINITY;
  }
}
