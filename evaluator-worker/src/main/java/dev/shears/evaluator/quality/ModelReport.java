package dev.shears.evaluator.quality;

import dev.shears.evaluator.speed.ModelStats;
import dev.shears.evaluator.speed.SpeedComparison;
import dev.shears.events.ConfidenceInterval;
import java.util.Map;

/**
 * Everything measured for one model against its teacher.
 *
 * @param metrics         corpus means, fractions in [0, 1]
 * @param intervals       95% bootstrap intervals of those means
 * @param teacherMetrics  the teacher's corpus means on the same data
 * @param teacherDifference per metric, the model's mean minus the teacher's with a 95% paired-bootstrap interval
 * @param speed           the timed comparison
 * @param stats           the model's size figures
 * @param teacherStats    the teacher's
 * @param encoderSparsity fraction of the teacher's prunable encoder weights removed
 * @param examples        number of evaluation examples
 * @param speedupInterval the speed-up with a 95% bootstrap interval over the timing rounds
 */
public record ModelReport(Map<String, Double> metrics, Map<String, ConfidenceInterval> intervals,
    Map<String, Double> teacherMetrics, Map<String, ConfidenceInterval> teacherDifference, SpeedComparison speed,
    ModelStats stats, ModelStats teacherStats, double encoderSparsity, int examples,
    ConfidenceInterval speedupInterval) {

  /** Copies. */
  public ModelReport {
    metrics = Map.copyOf(metrics);
    intervals = Map.copyOf(intervals);
    teacherMetrics = Map.copyOf(teacherMetrics);
    teacherDifference = Map.copyOf(teacherDifference);
  }
}
