package dev.shears.launcher.demo;

import dev.shears.report.ReportFormat;
import dev.shears.report.ReportRenderer;
import dev.shears.report.SparsityTarget;
import dev.shears.report.Table1Builder;
import dev.shears.report.Table1Report;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Follows a submitted sweep from the terminal: prints a line whenever a trial changes state or stage, or is
 * evaluated, and once every trial is final and every successful or early-stopped one evaluated, prints the Table-1
 * report and writes it (Markdown, CSV, JSON) with the reproduction figures into a directory. Polls the
 * orchestrator's REST API from the calling thread, which must not be an event loop.
 *
 * <p>A trial stopped early exports the student it has, so its evaluation is awaited like a finished trial's. One
 * stopped while it had no worker (its attempt was lost as the verdict came) has no export; so once every other
 * trial is done, a stopped trial's evaluation is awaited for {@link #STOPPED_EXPORT_WAIT} at most, and the report
 * names the stopped trials left without one.
 */
public final class DemoWatch {
  private static final String METRIC = "rougeL";
  /** How long, once everything else is done, the evaluations of stopped trials are still awaited. */
  static final Duration STOPPED_EXPORT_WAIT = Duration.ofMinutes(10);

  private final ExperimentResults results;
  private final PrintWriter out;
  private final Duration interval;
  private final Table1Builder table;
  private final Map<String, String> lastSeen = new HashMap<>();

  /** A watcher printing to {@code out}, polling every {@code interval}, reporting with the default claim rule. */
  public DemoWatch(ExperimentResults results, PrintWriter out, Duration interval) {
    this(results, out, interval, new Table1Builder());
  }

  /** A watcher whose report is built by {@code table} (and so judged by its claim rule). */
  public DemoWatch(ExperimentResults results, PrintWriter out, Duration interval, Table1Builder table) {
    this.results = results;
    this.out = out;
    this.interval = interval;
    this.table = table;
  }

  /**
   * Waits until the sweep is done, printing progress, then prints and writes the report.
   *
   * @param experimentId the sweep
   * @param reportDir    where the report files and figures go
   * @return the final trials
   * @throws IOException when the orchestrator cannot be read or the files cannot be written
   */
  public List<TrialResult> await(String experimentId, Path reportDir) throws IOException, InterruptedException {
    long start = System.nanoTime();
    List<TrialResult> trials;
    int failedReads = 0;
    long stoppedWaitSince = 0;
    while (true) {
      try {
        trials = results.read(experimentId);
        failedReads = 0;
      } catch (IOException e) {
        // The orchestrator restarts or is busy: keep watching, and give up only if it stays away.
        if (++failedReads * interval.toMillis() > Duration.ofMinutes(2).toMillis()) {
          throw e;
        }
        Thread.sleep(interval.toMillis());
        continue;
      }
      report(trials, start);
      if (done(trials)) {
        break;
      }
      if (!doneButStopped(trials)) {
        stoppedWaitSince = 0;
      } else if (stoppedWaitSince == 0) {
        stoppedWaitSince = System.nanoTime();
      } else if (System.nanoTime() - stoppedWaitSince > STOPPED_EXPORT_WAIT.toNanos()) {
        out.printf(Locale.ROOT, "No evaluation of %s arrived within %d min of the rest; reporting without.%n",
            String.join(", ", trials.stream().filter(t -> awaited(t) && t.evaluation() == null)
                .map(TrialResult::trialId).toList()), STOPPED_EXPORT_WAIT.toMinutes());
        break;
      }
      Thread.sleep(interval.toMillis());
    }
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    out.printf(Locale.ROOT, "%nThe sweep finished in %d min %02d s: %d succeeded, %d stopped early, %d failed, "
            + "%d cancelled.%n%n", seconds / 60, seconds % 60, count(trials, "SUCCEEDED"), count(trials, "STOPPED"),
        count(trials, "FAILED"), count(trials, "CANCELLED"));
    List<TrialResult> evaluated = trials.stream().filter(t -> t.evaluation() != null).toList();
    if (!evaluated.isEmpty()) {
      Table1Report report = table.fromTrials(experimentId, results.evaluated(experimentId), null);
      ReportRenderer renderer = new ReportRenderer();
      out.print(renderer.render(report, ReportFormat.MD));
      Files.createDirectories(reportDir);
      for (ReportFormat format : ReportFormat.values()) {
        Files.writeString(reportDir.resolve("report." + format.name().toLowerCase(Locale.ROOT)), renderer.render(report, format),
            StandardCharsets.UTF_8);
      }
      List<Path> figures = new ExperimentFigures(report.primaryMetric()).write(trials, reportDir);
      out.printf(Locale.ROOT, "%nReport and figures: %s (%d figures)%n", reportDir, figures.size());
    }
    out.flush();
    return trials;
  }

  private void report(List<TrialResult> trials, long start) {
    for (int i = 0; i < trials.size(); i++) {
      TrialResult t = trials.get(i);
      String what = t.evaluation() != null ? "evaluated" : t.state() + (t.stage() == null || t.terminal() ? ""
          : " " + t.stage()) + (t.attempt() > 1 ? " attempt " + t.attempt() : "");
      if (what.equals(lastSeen.put(t.trialId(), what))) {
        continue;
      }
      long seconds = (System.nanoTime() - start) / 1_000_000_000L;
      String detail = "";
      if (t.evaluation() != null) {
        detail = evaluated(t);
      } else if (t.reason() != null && (t.state().equals("FAILED") || t.state().equals("STOPPED"))) {
        detail = ": " + t.reason();
      }
      out.printf(Locale.ROOT, "[%2d:%02d] trial %d/%d %-40s %s%s%n", seconds / 60, seconds % 60, i + 1,
          trials.size(), t.label(), what.toLowerCase(Locale.ROOT).replace('_', ' '), detail);
    }
    out.flush();
  }

  /**
   * The progress line's figures of an evaluated trial: ROUGE-L × 100 as the report prints it, retention, speed-up,
   * and the sparsity of the encoder and, where measured, of the whole model (what a whole-model target counts).
   */
  static String evaluated(TrialResult t) {
    double model = SparsityTarget.modelSparsity(t.evaluation());
    return String.format(Locale.ROOT, ": ROUGE-L %.1f (%.0f%% of the teacher's), %.2f× faster, %.1f%% encoder%s "
        + "sparsity", 100 * t.evaluation().metrics().getOrDefault(METRIC, 0.0), t.retainedPercent(METRIC),
        t.evaluation().speedup(), 100 * t.evaluation().encoderSparsity(),
        Double.isNaN(model) ? "" : String.format(Locale.ROOT, " / %.1f%% model", 100 * model));
  }

  /** Whether every trial is final and every one that exported (succeeded or stopped early) is evaluated. */
  static boolean done(List<TrialResult> trials) {
    return !trials.isEmpty() && trials.stream().allMatch(t -> t.terminal() && (!awaited(t) || t.evaluation() != null));
  }

  /** Whether all that {@link #done} lacks is the evaluation of trials stopped early. */
  static boolean doneButStopped(List<TrialResult> trials) {
    return !trials.isEmpty() && trials.stream().allMatch(t -> t.terminal()
        && (!awaited(t) || t.evaluation() != null || t.state().equals("STOPPED")));
  }

  /** Trials whose export the evaluators measure. */
  private static boolean awaited(TrialResult t) {
    return t.state().equals("SUCCEEDED") || t.state().equals("STOPPED");
  }

  private static long count(List<TrialResult> trials, String state) {
    return trials.stream().filter(t -> t.state().equals(state)).count();
  }
}
