package dev.shears.orchestrator.scheduler;

import java.time.Duration;

/**
 * Tuning of the scheduling core.
 *
 * @param leaseTimeout a worker silent this long loses its trials
 * @param agingStep a waiting trial's effective priority rises by one per step waited, so that no trial starves
 *     behind a stream of higher-priority ones
 * @param starvationAfter a trial that waited this long and does not fit reserves the fleet: nothing ranked below it
 *     is placed until it fits (large gang trials are not starved by small ones)
 */
public record SchedulerConfig(Duration leaseTimeout, Duration agingStep, Duration starvationAfter) {
  /** 30 s lease, +1 priority per minute waited, reservation after 5 minutes. */
  public static final SchedulerConfig DEFAULT =
      new SchedulerConfig(Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5));

  public SchedulerConfig {
    for (Duration d : new Duration[] {leaseTimeout, agingStep, starvationAfter}) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("Invalid scheduler durations " + leaseTimeout + ", " + agingStep + ", "
            + starvationAfter + ": all must be positive");
      }
    }
  }
}
