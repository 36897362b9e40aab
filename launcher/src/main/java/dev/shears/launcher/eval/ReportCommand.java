package dev.shears.launcher.eval;

import dev.shears.evaluator.report.EvaluationLog;
import dev.shears.evaluator.report.ReportFormat;
import dev.shears.evaluator.report.ReportRenderer;
import dev.shears.evaluator.report.Table1Builder;
import dev.shears.evaluator.report.Table1Report;
import dev.shears.launcher.ConnectionOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code shears report EXPERIMENT [--format md|csv|json]}: the experiment's evaluations as a table in
 * the shape of the NASH paper's Table 1, plus the quality/speed-up Pareto front, read from
 * {@code shears.evaluations}.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Table-1 style report (metrics, quality retained, speed-up, parameters, Pareto front) of an experiment.")
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
      description = "Quality metric for retention and the Pareto front (default: rougeL, else meteor, accuracy, f1).")
  private String metric;

  @Option(names = "--timeout", defaultValue = "30s", paramLabel = "DURATION",
      description = "Longest time to read the evaluations (default: ${DEFAULT-VALUE}).")
  private String timeout;

  @Override
  public Integer call() {
    ReportFormat reportFormat = ReportFormat.parse(format);
    Duration limit;
    try {
      limit = Duration.parse("PT" + timeout.toUpperCase(java.util.Locale.ROOT));
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("Invalid value " + timeout + " for --timeout: use e.g. 30s, 2m", e);
    }
    EvaluationLog log = new EvaluationLog(connection.bootstrap(), limit);
    Table1Report report = new Table1Builder().build(experimentId,
        EvaluationLog.results(log.read(experimentId)), metric);
    PrintWriter out = spec.commandLine().getOut();
    out.print(new ReportRenderer().render(report, reportFormat));
    out.flush();
    return 0;
  }
}
