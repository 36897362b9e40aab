package dev.shears.evaluator.report;

import java.util.List;

/**
 * A report in the shape of the NASH paper's Table 1: per model its metrics, quality retained against
 * the teacher, speed-up and parameters; plus the quality/speed-up Pareto front.
 *
 * @param title         the experiment (or other) title
 * @param primaryMetric the metric that "quality" means for retention and the Pareto front
 * @param metricNames   metric columns, in order
 * @param rows          the teacher first, then models by decreasing speed-up
 * @param paretoFront   labels of the Pareto-optimal rows, by increasing speed-up
 */
public record Table1Report(String title, String primaryMetric, List<String> metricNames, List<ReportRow> rows,
    List<String> paretoFront) {

  /** Copies. */
  public Table1Report {
    metricNames = List.copyOf(metricNames);
    rows = List.copyOf(rows);
    paretoFront = List.copyOf(paretoFront);
  }
}
