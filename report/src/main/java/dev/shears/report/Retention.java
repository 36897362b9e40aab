package dev.shears.report;

import dev.shears.events.ConfidenceInterval;
import dev.shears.events.EvaluationCompleted;

/** Quality retained against the teacher, in percent, and its interval from the paired difference. */
public final class Retention {

  private Retention() {}

  /** {@code 100 × quality / teacherQuality}; NaN when the teacher's quality is not positive. */
  public static double percent(double quality, double teacherQuality) {
    return teacherQuality > 0 ? 100 * quality / teacherQuality : Double.NaN;
  }

  /**
   * The retained percentage with the interval of {@code difference} (model minus teacher) mapped onto it, or null
   * when there is no difference interval or no positive teacher quality.
   */
  public static ConfidenceInterval interval(double quality, double teacherQuality, ConfidenceInterval difference) {
    double retained = percent(quality, teacherQuality);
    if (difference == null || Double.isNaN(retained)) {
      return null;
    }
    return new ConfidenceInterval(retained, Math.min(retained, percent(teacherQuality + difference.low(),
        teacherQuality)), Math.max(retained, percent(teacherQuality + difference.high(), teacherQuality)),
        difference.level());
  }

  /** The interval of an evaluation's {@code metric} retained, or null when the evaluation carries none. */
  public static ConfidenceInterval interval(EvaluationCompleted e, String metric) {
    Double quality = e.metrics().get(metric);
    Double teacher = e.teacherMetrics().get(metric);
    if (quality == null || teacher == null || e.teacherDifference() == null) {
      return null;
    }
    return interval(quality, teacher, e.teacherDifference().get(metric));
  }
}
