package dev.shears.report;

import dev.shears.events.ConfidenceInterval;
import dev.shears.report.stats.ClaimRule;
import dev.shears.report.stats.MeanSd;
import dev.shears.report.stats.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a {@link Table1Report}. Pure: no I/O, so the CLI, the evaluator and the dashboard build the same table
 * from the same evaluations.
 *
 * <p>The teacher row comes from the first result's teacher figures. Retention is each model's primary metric over
 * its own teacher's, in percent. The primary metric is {@link Metrics#primary} of the results unless one is named.
 */
public final class Table1Builder {

  private final ClaimRule claim;

  /** A builder judging rows by {@link ClaimRule#DEFAULT}. */
  public Table1Builder() {
    this(ClaimRule.DEFAULT);
  }

  /** A builder judging rows by {@code claim}. */
  public Table1Builder(ClaimRule claim) {
    this.claim = claim;
  }

  /**
   * The report of an experiment's evaluated trials: rows labelled by {@link TrialLabels} (a seed suffix where an
   * arm ran several seeds; an export that missed its sparsity target labelled with its measured sparsity).
   *
   * @throws IllegalArgumentException when the named primary metric is not in the results
   */
  public Table1Report fromTrials(String title, List<EvaluatedTrial> trials, String primaryMetric) {
    List<EvaluatedTrial> ordered = new ArrayList<>(trials);
    ordered.sort(Comparator.comparingInt(EvaluatedTrial::index).thenComparing(EvaluatedTrial::trialId));
    List<TrialLabels.Labels> labels = new ArrayList<>();
    Map<String, Set<String>> keysPerLabel = new HashMap<>();
    for (EvaluatedTrial t : ordered) {
      TrialLabels.Labels l = t.spec() == null
          ? new TrialLabels.Labels(t.trialId(), t.trialId(), null, null, null, false) : TrialLabels.of(t.spec());
      labels.add(l);
      keysPerLabel.computeIfAbsent(l.arm(), k -> new LinkedHashSet<>()).add(l.armKey());
    }
    // Arms that differ in a field the label does not show are told apart by their first trial.
    Map<String, String> armByKey = new HashMap<>();
    List<String> arms = new ArrayList<>();
    Map<String, Integer> perArm = new HashMap<>();
    for (int i = 0; i < ordered.size(); i++) {
      TrialLabels.Labels l = labels.get(i);
      String trialId = ordered.get(i).trialId();
      String arm = armByKey.computeIfAbsent(l.armKey(),
          k -> keysPerLabel.get(l.arm()).size() > 1 ? l.arm() + " [" + trialId + "]" : l.arm());
      arms.add(arm);
      perArm.merge(arm, 1, Integer::sum);
    }
    List<ModelResult> results = new ArrayList<>();
    Set<String> used = new HashSet<>();
    for (int i = 0; i < ordered.size(); i++) {
      EvaluatedTrial t = ordered.get(i);
      TrialLabels.Labels l = labels.get(i);
      String arm = arms.get(i);
      ModelResult r = ModelResult.of(arm, t.trialId(), arm, l.target(), l.control(), t.evaluation());
      // A missed target is never shown as reached: the label carries the measured sparsity instead.
      String label = r.missedTarget() ? l.missedTarget(r.achievedSparsity()) + disambiguation(arm) : arm;
      if (perArm.get(arm) > 1) {
        label += l.seed() != null ? " seed " + l.seed() : " " + t.trialId();
      }
      if (t.stopped()) {
        label += " (stopped early)";
      }
      if (!used.add(label)) {
        label += " " + t.trialId();
        used.add(label);
      }
      results.add(ModelResult.of(label, t.trialId(), arm, l.target(), l.control(), t.evaluation()));
    }
    return build(title, results, primaryMetric);
  }

  private static String disambiguation(String arm) {
    int bracket = arm.lastIndexOf(" [");
    return bracket >= 0 && arm.endsWith("]") ? arm.substring(bracket) : "";
  }

  /**
   * Builds the report.
   *
   * @param title         report title
   * @param results       evaluated models (may be empty)
   * @param primaryMetric the quality metric, or null to choose one
   * @throws IllegalArgumentException when the named primary metric is not in the results
   */
  public Table1Report build(String title, List<ModelResult> results, String primaryMetric) {
    Set<String> all = new LinkedHashSet<>();
    for (ModelResult r : results) {
      all.addAll(r.metrics().keySet());
      all.addAll(r.teacherMetrics().keySet());
    }
    List<String> metricNames = Metrics.columns(all);
    String primary = primaryMetric != null ? primaryMetric : Metrics.primary(metricNames);
    if (!results.isEmpty() && !metricNames.contains(primary)) {
      throw new IllegalArgumentException("Invalid primary metric " + primary + ": the results carry " + metricNames);
    }
    if (results.isEmpty()) {
      return new Table1Report(title, primary, metricNames, labels(metricNames), List.of(), List.of(), List.of(),
          claim.describe());
    }
    ModelResult first = results.get(0);
    double teacherQuality = value(first.teacherMetrics(), primary);
    List<ParetoFront.Point> points = new ArrayList<>();
    points.add(new ParetoFront.Point("teacher", teacherQuality, 1.0));
    for (ModelResult r : results) {
      points.add(new ParetoFront.Point(r.label(), value(r.metrics(), primary), r.speedup()));
    }
    List<ParetoFront.Point> front = ParetoFront.of(points);
    Set<String> onFront = new HashSet<>();
    front.forEach(p -> onFront.add(p.label()));

    List<ReportRow> rows = new ArrayList<>();
    rows.add(new ReportRow("teacher", null, null, true, first.teacherMetrics(), teacherQuality, 100.0, null, null,
        1.0, null, first.teacherLatencyMs(), first.teacherParams(), 100.0, 0.0, 0.0, null, false, null, Double.NaN,
        onFront.contains("teacher"), null, false, first.measurement().withoutRounds()));
    List<ModelResult> models = new ArrayList<>(results);
    models.sort(Comparator.comparingDouble(ModelResult::speedup).reversed().thenComparing(ModelResult::label));
    for (ModelResult r : models) {
      rows.add(row(r, primary, onFront.contains(r.label())));
    }
    return new Table1Report(title, primary, metricNames, labels(metricNames), rows,
        front.stream().map(ParetoFront.Point::label).toList(), arms(rows), claim.describe());
  }

  private ReportRow row(ModelResult r, String primary, boolean pareto) {
    double quality = value(r.metrics(), primary);
    double teacherQuality = value(r.teacherMetrics(), primary);
    double retained = Retention.percent(quality, teacherQuality);
    ConfidenceInterval difference = r.teacherDifference().get(primary);
    ConfidenceInterval retainedInterval = Retention.interval(quality, teacherQuality, difference);
    return new ReportRow(r.label(), r.trialId(), r.arm(), false, r.metrics(), quality, retained, difference,
        retainedInterval, r.speedup(), r.speedupInterval(), r.latencyMs(), r.params(),
        r.teacherParams() > 0 ? 100.0 * r.params() / r.teacherParams() : Double.NaN, r.encoderSparsity(),
        r.modelSparsity(), r.targetSparsity(), r.missedTarget(), r.target() == null ? null : r.target().scopeName(),
        // A control is the teacher trained on, not a compressed model: the claim is not a question for it.
        r.achievedSparsity(), pareto, r.control() ? null : claim.judge(teacherQuality, difference,
            r.speedupInterval()), r.control(),
        r.measurement());
  }

  private static List<ArmSummary> arms(List<ReportRow> rows) {
    Map<String, List<ReportRow>> byArm = new LinkedHashMap<>();
    for (ReportRow row : rows) {
      if (!row.teacher()) {
        byArm.computeIfAbsent(row.arm() != null ? row.arm() : row.label(), a -> new ArrayList<>()).add(row);
      }
    }
    List<ArmSummary> out = new ArrayList<>();
    byArm.forEach((arm, members) -> {
      Verdict verdict = members.get(0).claim();
      for (ReportRow m : members) {
        verdict = verdict == null || m.claim() == null ? null : verdict.and(m.claim());
      }
      out.add(new ArmSummary(arm, members.stream().map(m -> m.trialId() != null ? m.trialId() : m.label()).toList(),
          MeanSd.of(members.stream().map(ReportRow::quality).toList()),
          MeanSd.of(members.stream().map(ReportRow::retainedPercent).toList()),
          MeanSd.of(members.stream().map(ReportRow::speedup).toList()),
          MeanSd.of(members.stream().map(ReportRow::encoderSparsity).toList()),
          MeanSd.of(members.stream().map(ReportRow::modelSparsity).toList()),
          (int) members.stream().filter(ReportRow::missedTarget).count(), verdict));
    });
    return out;
  }

  private static Map<String, String> labels(List<String> metricNames) {
    Map<String, String> out = new LinkedHashMap<>();
    metricNames.forEach(m -> out.put(m, Metrics.displayName(m)));
    return out;
  }

  private static double value(Map<String, Double> metrics, String metric) {
    Double v = metrics.get(metric);
    return v == null ? Double.NaN : v;
  }
}
