package dev.shears.launcher.eval;

import dev.shears.evaluator.report.EvaluationLog;
import dev.shears.launcher.ConnectionOptions;
import dev.shears.launcher.LocalInstance;
import dev.shears.launcher.demo.ExperimentFigures;
import dev.shears.launcher.demo.ExperimentResults;
import dev.shears.launcher.demo.TrialResult;
import dev.shears.orchestrator.OrchestratorClient;
import dev.shears.report.ReportFormat;
import dev.shears.report.ReportRenderer;
import dev.shears.report.Table1Builder;
import dev.shears.report.Table1Report;
import dev.shears.report.stats.ClaimRule;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code shears report EXPERIMENT [--format md|csv|json]}: the experiment's evaluations as a table in the shape of
 * the NASH paper's Table 1, with 95 % intervals, seed means ± sd and the claim verdicts, plus the quality/speed-up
 * Pareto front, read from {@code shears.evaluations} and {@code shears.trials} (the same table the dashboard shows).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Table-1 style report (metrics, quality retained and its 95%% CI, speed-up and its CI, parameters, "
        + "sparsity, Pareto front, seed means ± sd, claim verdicts) of an experiment.")
public final class ReportCommand implements Callable<Integer> {

  @Mixin
  private ConnectionOptions connection;

  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "EXPERIMENT", description = "Experiment id.")
  private String experimentId;

  @Option(names = "--format", defaultValue = "md", paramLabel = "md|csv|json",
      description = "Output format (default: ${DEFAULT-VALUE}).")
  private String format;

  @Option(names = "--metric", paramLabel = "NAME",
      description = "Quality metric for retention, the Pareto front and the claim (default: rougeL for summaries, f1 "
          + "for QA, accuracy for classification, else meteor).")
  private String metric;

  @Option(names = "--claim-retained", defaultValue = "0.95", paramLabel = "FRACTION",
      description = "The claim's quality threshold: a model meets it when the 95%% CI of its quality stays at or above "
          + "this fraction of the teacher's (default: ${DEFAULT-VALUE}).")
  private double claimRetained;

  @Option(names = "--claim-speedup", defaultValue = "0", paramLabel = "X",
      description = "The claim's speed-up threshold, judged on the speed-up's 95%% CI; 0 for none (default: "
          + "${DEFAULT-VALUE}; the NASH paper's NASH-3 claim is 2.5).")
  private double claimSpeedup;

  @Option(names = "--timeout", defaultValue = "30s", paramLabel = "DURATION",
      description = "Longest time to read the evaluations (default: ${DEFAULT-VALUE}).")
  private String timeout;

  @Option(names = "--plots", paramLabel = "DIR",
      description = "Also write the experiment's reproduction figures (PNG: quality vs speed-up, decoder depth, encoder "
          + "sparsity, with 95%% CI error bars) into DIR, reading the trials' specs from the orchestrator at --url.")
  private Path plots;

  @Option(names = "--url", paramLabel = "URL",
      description = "Orchestrator base URL for --plots (default: the local `shears up`'s, else "
          + OrchestratorClient.DEFAULT_URL + ").")
  private String url;

  @Override
  public Integer call() throws IOException {
    ReportFormat reportFormat = ReportFormat.parse(format);
    if (!(claimRetained > 0 && claimRetained <= 1)) {
      throw new IllegalArgumentException("Invalid value " + claimRetained + " for --claim-retained: must be in (0, 1]");
    }
    if (!(claimSpeedup >= 0)) {
      throw new IllegalArgumentException("Invalid value " + claimSpeedup + " for --claim-speedup: must be >= 0");
    }
    ClaimRule claim = new ClaimRule(claimRetained, claimSpeedup);
    Duration limit;
    try {
      limit = Duration.parse("PT" + timeout.toUpperCase(java.util.Locale.ROOT));
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("Invalid value " + timeout + " for --timeout: use e.g. 30s, 2m", e);
    }
    EvaluationLog log = new EvaluationLog(connection.bootstrap(), limit);
    Table1Report report = new Table1Builder(claim).fromTrials(experimentId, log.read(experimentId), metric);
    PrintWriter out = spec.commandLine().getOut();
    out.print(new ReportRenderer().render(report, reportFormat));
    if (plots != null) {
      String base = url != null && !url.isBlank() ? url
          : LocalInstance.orchestratorUrl(connection.dataDir()).orElse(OrchestratorClient.DEFAULT_URL);
      OrchestratorClient client = new OrchestratorClient(URI.create(base), connection.token(), limit);
      List<TrialResult> trials = new ExperimentResults(client).read(experimentId);
      String figureMetric = report.primaryMetric().isEmpty() ? "rougeL" : report.primaryMetric();
      for (Path file : new ExperimentFigures(figureMetric).write(trials, plots)) {
        spec.commandLine().getErr().println("Wrote " + file);
      }
    }
    out.flush();
    return 0;
  }
}
