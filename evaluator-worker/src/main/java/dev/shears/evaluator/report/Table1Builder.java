package dev.shears.evaluator.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds a {@link Table1Report} from a list of results. Pure: no I/O, so the dashboard and the
 * orchestrator can reuse it over results they already hold.
 *
 * <p>The teacher row comes from the first result's teacher figures. Retention is each model's primary
 * metric over its own teacher's, in percent. The primary metric is the first of rougeL, meteor,
 * accuracy, f1, exactMatch, rouge1 that the results carry, unless one is named.
 */
public final class Table1Builder {

  /** Preferred primary metrics, in order, and the order of metric columns. */
  public static final List<String> METRIC_ORDER = List.of("rougeL", "meteor", "accuracy", "f1", "exactMatch",
      "rouge1", "rouge2", "rougeLsum");

  /**
   * Builds the report.
   *
   * @param title         report title
   * @param results       evaluated models (may be empty)
   * @param primaryMetric the quality metric, or null to choose one
   * @throws IllegalArgumentException when the named primary metric is not in the results
   */
  public Table1Report build(String title, List<ModelResult> results, String primaryMetric) {
    List<String> metricNames = metricNames(results);
    String primary = primaryMetric != null ? primaryMetric
        : METRIC_ORDER.stream().filter(metricNames::contains).findFirst()
            .orElse(metricNames.isEmpty() ? "" : metricNames.get(0));
    if (!results.isEmpty() && !metricNames.contains(primary)) {
      throw new IllegalArgumentException("Invalid primary metric " + primary + ": the results carry " + metricNames);
    }
    if (results.isEmpty()) {
      return new Table1Report(title, primary, metricNames, List.of(), List.of());
    }
    ModelResult first = results.get(0);
    List<ParetoFront.Point> points = new ArrayList<>();
    points.add(new ParetoFront.Point("teacher", first.teacherMetrics().getOrDefault(primary, 0.0), 1.0));
    for (ModelResult r : results) {
      points.add(new ParetoFront.Point(r.label(), r.metrics().getOrDefault(primary, 0.0), r.speedup()));
    }
    List<ParetoFront.Point> front = ParetoFront.of(points);
    Set<String> onFront = new HashSet<>();
    front.forEach(p -> onFront.add(p.label()));

    List<ReportRow> rows = new ArrayList<>();
    rows.add(new ReportRow("teacher", true, first.teacherMetrics(), 100.0, 1.0, first.teacherLatencyMs(),
        first.teacherParams(), 0.0, onFront.contains("teacher")));
    List<ModelResult> models = new ArrayList<>(results);
    models.sort(Comparator.comparingDouble(ModelResult::speedup).reversed().thenComparing(ModelResult::label));
    for (ModelResult r : models) {
      double teacherQuality = r.teacherMetrics().getOrDefault(primary, 0.0);
      double retained = teacherQuality > 0 ? 100.0 * r.metrics().getOrDefault(primary, 0.0) / teacherQuality : 0.0;
      rows.add(new ReportRow(r.label(), false, r.metrics(), retained, r.speedup(), r.latencyMs(), r.params(),
          r.encoderSparsity(), onFront.contains(r.label())));
    }
    return new Table1Report(title, primary, metricNames, rows, front.stream().map(ParetoFront.Point::label).toList());
  }

  private static List<String> metricNames(List<ModelResult> results) {
    Set<String> all = new LinkedHashSet<>();
    for (ModelResult r : results) {
      all.addAll(r.metrics().keySet());
      all.addAll(r.teacherMetrics().keySet());
    }
    List<String> ordered = new ArrayList<>();
    for (String m : METRIC_ORDER) {
      if (all.remove(m)) {
        ordered.add(m);
      }
    }
    List<String> rest = new ArrayList<>(all);
    rest.sort(null);
    ordered.addAll(rest);
    return ordered;
  }

}
