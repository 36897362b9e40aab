package dev.shears.report;

import java.util.List;
import java.util.Map;

/**
 * A report in the shape of the NASH paper's Table 1: per model its metrics, quality retained against the teacher
 * with the interval of its difference, speed-up with its interval, parameters and sparsity; the quality/speed-up
 * Pareto front; and the seed arms with means ± sd.
 *
 * @param title         the experiment (or other) title
 * @param primaryMetric the metric that "quality" means for retention, the Pareto front and the claim
 * @param metricNames   metric columns, in order
 * @param metricLabels  how each metric is shown (ROUGE-L, EM, …), so every view names them alike
 * @param rows          the teacher first, then models by decreasing speed-up
 * @param paretoFront   labels of the Pareto-optimal rows, by increasing speed-up
 * @param arms          the arms in row order (each arm once, at its first row)
 * @param claim         the claim rule the rows' verdicts apply, in words
 */
public record Table1Report(String title, String primaryMetric, List<String> metricNames,
    Map<String, String> metricLabels, List<ReportRow> rows,
    List<String> paretoFront, List<ArmSummary> arms, String claim) {

  /** Copies. */
  public Table1Report {
    metricNames = List.copyOf(metricNames);
    metricLabels = Map.copyOf(metricLabels);
    rows = List.copyOf(rows);
    paretoFront = List.copyOf(paretoFront);
    arms = List.copyOf(arms);
  }

  /**
   * The primary metric of the control rows (the unpruned teacher trained for the students' schedule), averaged
   * over them; NaN when the report has none.
   */
  public double controlQuality() {
    return rows.stream().filter(ReportRow::control).mapToDouble(ReportRow::quality).filter(q -> !Double.isNaN(q))
        .average().orElse(Double.NaN);
  }

  /** Whether any arm ran more than one seed. */
  public boolean hasSeeds() {
    return arms.stream().anyMatch(a -> a.seeds() > 1);
  }
}
