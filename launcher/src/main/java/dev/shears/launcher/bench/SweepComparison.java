package dev.shears.launcher.bench;

import dev.shears.events.ConfidenceInterval;
import dev.shears.events.EvaluationCompleted;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The same sweep run twice, without early stopping and with it: the trainer time each cost, their ratio, and
 * whether the early-stopped sweep found the same best trial, or one whose quality lies within the 95 % interval of
 * the full sweep's best. Both sweeps' models are compared with the same teacher on the same test examples, so the
 * interval of the full best's difference to the teacher is an interval of its quality on a common scale.
 *
 * @param metric the quality metric that ranks trials (the task's primary metric)
 * @param full every trial of the sweep without early stopping, by index
 * @param stopped every trial of the sweep with it, by index (the same specs and seeds)
 */
record SweepComparison(String metric, List<Row> full, List<Row> stopped) {
  /** The benchmark's margin: early stopping must cost at most half the trainer time. */
  static final double TARGET_RATIO = 2.0;

  /**
   * One trial.
   *
   * @param index its place in the sweep
   * @param params its swept values, as text
   * @param state its final state
   * @param cost what it cost its trainer
   * @param evaluation its evaluation, or null
   */
  record Row(int index, String params, String state, TrainerTime.Cost cost, EvaluationCompleted evaluation) {
    double quality(String metric) {
      return evaluation == null ? Double.NaN : evaluation.metrics().getOrDefault(metric, Double.NaN);
    }
  }

  /** Trainer time of a sweep, teacher fine-tuning excluded. */
  static Duration trainerTime(List<Row> rows) {
    return rows.stream().map(r -> r.cost().trainer()).reduce(Duration.ZERO, Duration::plus);
  }

  /** Student steps a sweep trained. */
  static long studentSteps(List<Row> rows) {
    return rows.stream().mapToLong(r -> r.cost().studentSteps()).sum();
  }

  /** How many times less trainer time the early-stopped sweep took. */
  double ratio() {
    return seconds(trainerTime(full)) / seconds(trainerTime(stopped));
  }

  /** The evaluated trial of {@code rows} with the best quality. */
  Optional<Row> best(List<Row> rows) {
    return rows.stream().filter(r -> !Double.isNaN(r.quality(metric)))
        .max(Comparator.comparingDouble(r -> r.quality(metric)));
  }

  /** Whether the early-stopped sweep's best is the full sweep's best trial. */
  boolean sameBest() {
    Optional<Row> a = best(full);
    Optional<Row> b = best(stopped);
    return a.isPresent() && b.isPresent() && a.get().index() == b.get().index();
  }

  /**
   * The 95 % interval of the full sweep's best quality: its paired-bootstrap difference to the teacher shifted by
   * the teacher's score; empty without an interval.
   */
  Optional<double[]> bestInterval() {
    return best(full).map(Row::evaluation).flatMap(e -> {
      ConfidenceInterval d = e.teacherDifference() == null ? null : e.teacherDifference().get(metric);
      Double teacher = e.teacherMetrics().get(metric);
      return d == null || teacher == null ? Optional.empty()
          : Optional.of(new double[] {teacher + d.low(), teacher + d.high()});
    });
  }

  /** Whether the early-stopped sweep's best quality lies within the full best's interval (or is the same trial). */
  boolean bestWithinInterval() {
    if (sameBest()) {
      return true;
    }
    Optional<Row> b = best(stopped);
    Optional<double[]> ci = bestInterval();
    return b.isPresent() && ci.isPresent() && b.get().quality(metric) >= ci.get()[0];
  }

  /** Whether the benchmark meets its targets. */
  boolean met() {
    return ratio() >= TARGET_RATIO && bestWithinInterval();
  }

  /** Prints the per-trial table and the verdict; quality × 100, as every Shears report prints it. */
  void print(PrintWriter out) {
    out.printf(Locale.ROOT, "%s is F1 × 100%n%-5s %-44s | %-24s %9s %7s | %-24s %9s %7s%n", metric, "trial", "swept",
        "no early stopping", "trainer s", metric, "ASHA", "trainer s", metric);
    for (int i = 0; i < full.size(); i++) {
      Row a = full.get(i);
      Row b = i < stopped.size() ? stopped.get(i) : null;
      out.printf(Locale.ROOT, "%-5d %-44s | %-24s %9.1f %7.2f | %-24s %9s %7s%n", a.index(), a.params(),
          state(a), seconds(a.cost().trainer()), 100 * a.quality(metric), b == null ? "-" : state(b),
          b == null ? "-" : String.format(Locale.ROOT, "%.1f", seconds(b.cost().trainer())),
          b == null ? "-" : String.format(Locale.ROOT, "%.2f", 100 * b.quality(metric)));
    }
    out.printf(Locale.ROOT, "%ntrainer time (teacher fine-tuning excluded): no early stopping %.1f s (%d student "
            + "steps), ASHA %.1f s (%d student steps): %.2fx less (target >= %.0fx)%n", seconds(trainerTime(full)),
        studentSteps(full), seconds(trainerTime(stopped)), studentSteps(stopped), ratio(), TARGET_RATIO);
    Optional<Row> a = best(full);
    Optional<Row> b = best(stopped);
    String interval = bestInterval().map(ci -> String.format(Locale.ROOT, " (95%% CI %.2f-%.2f)", 100 * ci[0],
        100 * ci[1])).orElse(" (no interval)");
    out.printf(Locale.ROOT, "best %s: no early stopping trial %s %.2f%s; ASHA trial %s %.2f: %s%n", metric,
        a.map(r -> String.valueOf(r.index())).orElse("-"), 100 * a.map(r -> r.quality(metric)).orElse(Double.NaN),
        interval, b.map(r -> String.valueOf(r.index())).orElse("-"),
        100 * b.map(r -> r.quality(metric)).orElse(Double.NaN),
        sameBest() ? "the same trial" : !bestWithinInterval() ? "another trial, below the interval"
            : bestInterval().get()[1] < b.get().quality(metric) ? "another trial, above the interval"
            : "another trial, within the interval");
    out.println(met() ? "MET" : "NOT MET");
    out.flush();
  }

  private static String state(Row r) {
    return r.state().toLowerCase(Locale.ROOT) + (r.state().equals("STOPPED") ? " at " + r.cost().studentSteps()
        : "");
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }
}
