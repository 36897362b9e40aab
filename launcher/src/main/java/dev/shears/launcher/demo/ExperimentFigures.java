package dev.shears.launcher.demo;

import dev.shears.events.ConfidenceInterval;
import dev.shears.launcher.plot.PngChart;
import dev.shears.report.Retention;
import dev.shears.report.SparsityTarget;
import dev.shears.spec.MethodSpec;
import dev.shears.spec.NashSpec;
import dev.shears.spec.UniformOnlySpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reproduction figures of an evaluated sweep, as PNG: quality retained against measured speed-up per method
 * (paper Figure 5 / Table 1), speed-up and quality against decoder depth (Finding 3.1), and quality against
 * measured encoder sparsity (Finding 3.2).
 */
public final class ExperimentFigures {
  /** File names written by {@link #write}. */
  public static final String PARETO = "quality-vs-speedup.png";
  public static final String DEPTH = "decoder-depth.png";
  public static final String SPARSITY = "encoder-sparsity.png";

  private final String metric;

  /** Figures of {@code metric} (e.g. rougeL). */
  public ExperimentFigures(String metric) {
    this.metric = metric;
  }

  /** Writes every figure the evaluated trials support into {@code dir}; returns the files written. */
  public List<Path> write(List<TrialResult> trials, Path dir) throws IOException {
    List<TrialResult> evaluated = trials.stream().filter(t -> t.evaluation() != null).toList();
    List<Path> written = new ArrayList<>();
    if (evaluated.isEmpty()) {
      return written;
    }
    written.add(write(pareto(evaluated), dir.resolve(PARETO)));
    List<TrialResult> depths = nashAtMainTarget(evaluated);
    if (depths.size() >= 2) {
      written.add(write(depth(depths), dir.resolve(DEPTH)));
    }
    List<TrialResult> sparsities = sparsitySweep(evaluated);
    if (sparsities.size() >= 2) {
      written.add(write(sparsity(sparsities), dir.resolve(SPARSITY)));
    }
    return written;
  }

  private static Path write(PngChart chart, Path file) throws IOException {
    chart.write(file);
    return file;
  }

  PngChart pareto(List<TrialResult> evaluated) {
    PngChart chart = new PngChart("Quality retained vs measured generation speed-up (bars: 95% CI)",
        "speed-up over the teacher (whole generate, ×)", metricName() + " retained vs teacher (%)");
    chart.add(new PngChart.Series("teacher", List.of(new PngChart.Point(1, 100, "teacher")), false));
    Map<String, List<PngChart.Point>> byMethod = new LinkedHashMap<>();
    for (TrialResult t : evaluated) {
      ConfidenceInterval x = t.evaluation().speedupInterval();
      ConfidenceInterval y = Retention.interval(t.evaluation(), metric);
      byMethod.computeIfAbsent(t.method(), m -> new ArrayList<>()).add(new PngChart.Point(t.evaluation().speedup(),
          t.retainedPercent(metric), label(t), x == null ? Double.NaN : x.low(), x == null ? Double.NaN : x.high(),
          y == null ? Double.NaN : y.low(), y == null ? Double.NaN : y.high()));
    }
    byMethod.forEach((method, points) -> chart.add(new PngChart.Series(method, points, false)));
    return chart;
  }

  PngChart depth(List<TrialResult> nash) {
    List<PngChart.Point> speed = nash.stream().map(t -> {
      ConfidenceInterval ci = t.evaluation().speedupInterval();
      return new PngChart.Point(t.decoderLayers(), t.evaluation().speedup(), String.format(Locale.ROOT,
          "%.2f×, %.0f%% %s", t.evaluation().speedup(), t.retainedPercent(metric), metricName()), Double.NaN,
          Double.NaN, ci == null ? Double.NaN : ci.low(), ci == null ? Double.NaN : ci.high());
    }).toList();
    PngChart chart = new PngChart(String.format(Locale.ROOT,
        "NASH: decoder depth decides speed (encoder sparsity %.1f)", nash.get(0).targetSparsity()),
        "decoder layers kept", "measured speed-up (×, bars: 95% CI)")
        .integerX();
    return withMeans(chart, "NASH, uniform selection", "mean over seeds", speed);
  }

  PngChart sparsity(List<TrialResult> sweep) {
    Map<SparsityCurve, List<PngChart.Point>> byCurve = new LinkedHashMap<>();
    for (TrialResult t : sweep) {
      ConfidenceInterval y = Retention.interval(t.evaluation(), metric);
      SparsityCurve curve = new SparsityCurve(t.methodSpec() instanceof NashSpec, t.decoderLayers());
      byCurve.computeIfAbsent(curve, c -> new ArrayList<>()).add(new PngChart.Point(
          100 * t.evaluation().encoderSparsity(), t.retainedPercent(metric),
          String.format(Locale.ROOT, "%.2f×", t.evaluation().speedup()), Double.NaN, Double.NaN,
          y == null ? Double.NaN : y.low(), y == null ? Double.NaN : y.high()));
    }
    PngChart chart = new PngChart("Encoder sparsity vs quality (labels: speed-up)",
        "measured encoder sparsity (%)", metricName() + " retained vs teacher (%)");
    byCurve.forEach((curve, points) -> {
      if (curve.nash()) {
        withMeans(chart, "NASH-" + curve.depth() + ", uniform selection",
            "NASH-" + curve.depth() + ", mean over seeds", points);
      } else {
        chart.add(new PngChart.Series("uniform-only-" + curve.depth(), points, false));
      }
    });
    return chart;
  }

  /** The trials of one curve of the sparsity figure: NASH, or uniform-only (its 0 % point), at one depth. */
  private record SparsityCurve(boolean nash, int depth) {}

  /**
   * Adds {@code points} as series {@code name}, joined by a line; where seeds repeat an x, the points stand alone and
   * series {@code meanName} joins their means instead.
   */
  private static PngChart withMeans(PngChart chart, String name, String meanName, List<PngChart.Point> points) {
    boolean seeds = repeats(points);
    chart.add(new PngChart.Series(name, points, !seeds));
    return seeds ? chart.add(new PngChart.Series(meanName, means(points), true)) : chart;
  }

  private static boolean repeats(List<PngChart.Point> points) {
    return points.stream().map(p -> Math.round(p.x())).distinct().count() < points.size();
  }

  /** The mean of the points at each x (rounded, as targets and depths are), in x order, unlabelled. */
  private static List<PngChart.Point> means(List<PngChart.Point> points) {
    Map<Long, List<PngChart.Point>> byX = new TreeMap<>();
    points.forEach(p -> byX.computeIfAbsent(Math.round(p.x()), x -> new ArrayList<>()).add(p));
    return byX.values().stream().map(at -> new PngChart.Point(
        at.stream().mapToDouble(PngChart.Point::x).average().orElseThrow(),
        at.stream().mapToDouble(PngChart.Point::y).average().orElseThrow(), "")).toList();
  }

  /**
   * Whether the trial's decoder layers were chosen by the uniform rule: the depth and sparsity curves compare
   * depths and sparsities, so the layer-selection arms (low, high) stay out of them.
   */
  static boolean uniformSelection(TrialResult t) {
    return t.methodSpec() instanceof MethodSpec.DecoderSelection d && d.selection().startsWith("uniform");
  }

  /** NASH trials with uniform selection at the most common sparsity target, by depth (seeds side by side). */
  static List<TrialResult> nashAtMainTarget(List<TrialResult> evaluated) {
    List<TrialResult> nash = evaluated.stream()
        .filter(t -> t.methodSpec() instanceof NashSpec && uniformSelection(t)).toList();
    Map<Double, Long> counts = new LinkedHashMap<>();
    nash.forEach(t -> counts.merge(t.targetSparsity(), 1L, Long::sum));
    double main = counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(0.0);
    return nash.stream().filter(t -> t.targetSparsity() == main)
        .sorted(Comparator.comparingInt(TrialResult::decoderLayers)).toList();
  }

  /**
   * NASH (and uniform-only, which is NASH without encoder pruning) at a depth that was run at several encoder
   * sparsities, ordered by measured sparsity.
   */
  static List<TrialResult> sparsitySweep(List<TrialResult> evaluated) {
    List<TrialResult> candidates = evaluated.stream()
        .filter(t -> t.methodSpec() instanceof NashSpec || t.methodSpec() instanceof UniformOnlySpec)
        .filter(ExperimentFigures::uniformSelection).toList();
    Map<Integer, Long> perDepth = new LinkedHashMap<>();
    candidates.forEach(t -> perDepth.merge(t.decoderLayers(), 1L, Long::sum));
    return candidates.stream().filter(t -> perDepth.get(t.decoderLayers()) >= 3)
        .sorted(Comparator.comparingInt(TrialResult::decoderLayers)
            .thenComparingDouble(t -> t.evaluation().encoderSparsity()))
        .toList();
  }

  /**
   * The method's short label, except that an export which missed its sparsity target shows the sparsity it
   * reached ({@link SparsityTarget}, the report's rule).
   */
  static String label(TrialResult t) {
    return SparsityTarget.shortLabel(t.methodSpec(), t.evaluation());
  }

  private String metricName() {
    return metric.equals("rougeL") ? "ROUGE-L" : metric;
  }
}
