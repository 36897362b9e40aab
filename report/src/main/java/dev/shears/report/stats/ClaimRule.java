package dev.shears.report.stats;

import dev.shears.events.ConfidenceInterval;

/**
 * The paper's kind of claim, "retains at least R of the teacher's quality at a speed-up of at least S" (NASH-3:
 * ≥ 95 % at ≥ 2.5×), judged on confidence intervals: met only when the lower bound of the quality difference to the
 * teacher is no worse than −(1 − R) × the teacher's quality and the lower bound of the speed-up is at least S; not
 * met when an upper bound falls short; inconclusive otherwise.
 *
 * @param minRetained the fraction of the teacher's quality to keep, in (0, 1]
 * @param minSpeedup  the speed-up to reach, ≥ 0 (0: no speed requirement)
 */
public record ClaimRule(double minRetained, double minSpeedup) {

  /** The default: quality retained ≥ 95 % of the teacher's, no speed requirement. */
  public static final ClaimRule DEFAULT = new ClaimRule(0.95, 0);

  /** Validates. */
  public ClaimRule {
    if (!(minRetained > 0 && minRetained <= 1)) {
      throw new IllegalArgumentException("Invalid value " + minRetained + " for the retained-quality threshold: "
          + "must be in (0, 1]");
    }
    if (!(minSpeedup >= 0)) {
      throw new IllegalArgumentException("Invalid value " + minSpeedup + " for the speed-up threshold: must be >= 0");
    }
  }

  /**
   * The verdict for one model.
   *
   * @param teacherQuality the teacher's primary metric
   * @param difference     the model's primary metric minus the teacher's, with its interval, or null
   * @param speedup        the speed-up with its interval, or null
   */
  public Verdict judge(double teacherQuality, ConfidenceInterval difference, ConfidenceInterval speedup) {
    Verdict quality = difference == null ? Verdict.UNKNOWN
        : atLeast(difference, -(1 - minRetained) * teacherQuality);
    if (minSpeedup == 0) {
      return quality;
    }
    return quality.and(speedup == null ? Verdict.UNKNOWN : atLeast(speedup, minSpeedup));
  }

  /** MET when the whole interval is at or above {@code threshold}, NOT_MET when it is wholly below. */
  public static Verdict atLeast(ConfidenceInterval ci, double threshold) {
    if (ci.low() >= threshold) {
      return Verdict.MET;
    }
    return ci.high() < threshold ? Verdict.NOT_MET : Verdict.INCONCLUSIVE;
  }

  /** How reports print the rule: "≥ 95% of the teacher" or "≥ 95% of the teacher at ≥ 2.5×". */
  public String describe() {
    String q = String.format(java.util.Locale.ROOT, "≥ %.0f%% of the teacher's quality", 100 * minRetained);
    return minSpeedup == 0 ? q : q + String.format(java.util.Locale.ROOT, " at ≥ %.2f×", minSpeedup);
  }
}
