package dev.shears.trainer.optim;

/**
 * Linear warm-up then linear decay to 0, as HF's {@code get_linear_schedule_with_warmup}: the factor at step k is
 * {@code k/W} while {@code k < W}, then {@code max(0, (N − k)/(N − W))}.
 *
 * @param baseLr the peak learning rate
 * @param warmupSteps W
 * @param totalSteps N
 */
public record LinearSchedule(double baseLr, long warmupSteps, long totalSteps) {
  public LinearSchedule {
    if (!Double.isFinite(baseLr)) {
      throw new IllegalArgumentException("learning rate must be finite, was " + baseLr);
    }
    if (warmupSteps < 0 || totalSteps < 1 || warmupSteps > totalSteps) {
      throw new IllegalArgumentException("schedule needs 0 <= warmupSteps <= totalSteps and totalSteps >= 1, were "
          + warmupSteps + " and " + totalSteps);
    }
  }

  /** A constant learning rate (the gate and λ optimisers). */
  public static LinearSchedule constant(double lr) {
    return new LinearSchedule(lr, 0, Long.MAX_VALUE);
  }

  /** The learning rate used for the update at 0-based step {@code step}. */
  public double lr(long step) {
    if (totalSteps == Long.MAX_VALUE) {
      return baseLr;
    }
    if (step < warmupSteps) {
      return baseLr * step / Math.max(1, warmupSteps);
    }
    return baseLr * Math.max(0.0, (double) (totalSteps - step) / Math.max(1, totalSteps - warmupSteps));
  }
}
