package dev.shears.trainer.nash;

import java.util.function.DoubleUnaryOperator;

/**
 * Fits the deterministic masks to the sparsity target when the pruned structure is fixed. NASH's mask rule
 * (implementation notes §4) zeroes {@code round(n − Σ P(z≠0))} gates per layer, so the exported model has the
 * sparsity the expected-sparsity term ŝ (paper §4.2, the constraint of Eq. 7) held at the last step. On a short
 * schedule the Lagrangian {@code λ1(ŝ−t) + λ2(ŝ−t)²} has not settled by then: the multipliers move by about regLr
 * per step whatever the gap (Adam normalises their step), so ŝ swings around t and the last step can lie far from it
 * (NASH-3@0.1 exported at 0.033 encoder sparsity, at 0.26 in a seeded 120-step run). The calibration adds one shift δ
 * to every log α of a constraint, moving all P(z≠0) alike in log-odds, and chooses δ so that the sparsity the
 * rounded masks realise is the closest to t that whole units allow. The order in which units are dropped is the
 * gates' own, and δ = 0 (NASH's rule unchanged) whenever that is already as close.
 */
public final class MaskCalibration {
  /** Beyond this shift every P(z≠0) of a clamped log α sits at its own clamp (ε or 1 − ε). */
  static final double MAX_SHIFT = 30;
  private static final int BISECTIONS = 60;

  private MaskCalibration() {}

  /**
   * The shift δ whose masks realise the sparsity closest to {@code target}.
   *
   * @param realised the sparsity the masks of log α + δ realise, non-increasing in δ (larger δ keeps more)
   * @param target   the constraint's final target t
   */
  public static double shift(DoubleUnaryOperator realised, double target) {
    double atZero = realised.applyAsDouble(0);
    double low = -MAX_SHIFT;
    double high = MAX_SHIFT;
    double atLow = realised.applyAsDouble(low);
    double atHigh = realised.applyAsDouble(high);
    if (target >= atLow) {
      return closer(0, atZero, low, atLow, target);
    }
    if (target <= atHigh) {
      return closer(0, atZero, high, atHigh, target);
    }
    // Invariant: realised(low) >= target > realised(high).
    for (int i = 0; i < BISECTIONS && high - low > 1e-9; i++) {
      double mid = (low + high) / 2;
      double atMid = realised.applyAsDouble(mid);
      if (atMid >= target) {
        low = mid;
        atLow = atMid;
      } else {
        high = mid;
        atHigh = atMid;
      }
    }
    double best = Math.abs(atLow - target) <= Math.abs(atHigh - target) ? low : high;
    return closer(0, atZero, best, realised.applyAsDouble(best), target);
  }

  /** {@code a} unless {@code b} realises a sparsity strictly closer to the target. */
  private static double closer(double a, double atA, double b, double atB, double target) {
    return Math.abs(atB - target) < Math.abs(atA - target) ? b : a;
  }
}
