package dev.shears.launcher;

import dev.shears.launcher.demo.DemoWatch;
import dev.shears.launcher.demo.ExperimentResults;
import dev.shears.launcher.demo.TrialResult;
import dev.shears.orchestrator.OrchestratorClient;
import dev.shears.report.Table1Builder;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Follows a sweep submitted to a local orchestrator from the terminal to its report ({@link DemoWatch}), then says
 * where the dashboard shows it and how to print the table again.
 */
final class SweepFollower {
  private final PrintWriter out;
  private final LocalContext context;

  SweepFollower(PrintWriter out, LocalContext context) {
    this.out = out;
    this.context = context;
  }

  /**
   * Blocks until every trial of {@code experimentId} is final and evaluated, writing the report and figures into
   * {@code reportDir}.
   *
   * @param table builds the report (its claim rule decides the verdicts)
   * @param what the sweep, for the error when the orchestrator is lost (e.g. "the demo sweep")
   */
  List<TrialResult> follow(String experimentId, Path reportDir, Table1Builder table, String what)
      throws InterruptedException {
    OrchestratorClient client = new OrchestratorClient(URI.create(context.orchestratorUrl()), context.token(),
        Duration.ofSeconds(30));
    try {
      List<TrialResult> trials = new DemoWatch(new ExperimentResults(client), out, Duration.ofSeconds(2), table)
          .await(experimentId, reportDir);
      String dashboard = context.endpoints().getOrDefault("dashboard", "");
      out.println("Dashboard: " + dashboard + "/experiments/" + experimentId);
      out.println("Table 1 again: ./shears report " + experimentId);
      return trials;
    } catch (IOException e) {
      throw new IllegalStateException("Lost track of " + what + " " + experimentId + ": " + e.getMessage(), e);
    }
  }
}
