package dev.shears.launcher.dashboard;

import dev.shears.dashboard.DashboardConfig;
import dev.shears.launcher.ConnectionOptions;
import dev.shears.launcher.DashboardService;
import dev.shears.launcher.LocalContext;
import dev.shears.launcher.ServiceRunner;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shears dashboard}: the web dashboard alone, tailing a Kafka cluster, until interrupted. Bad settings
 * (a port out of range, a malformed orchestrator URL) exit with code 2; a busy port too.
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
    description = "Serve the live web dashboard (experiments, trials, fleet, submit form) from Kafka.")
public final class DashboardCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Mixin
  private ConnectionOptions connection;

  @Option(names = "--host", defaultValue = DashboardConfig.DEFAULT_HOST,
      description = "Address to bind (default: ${DEFAULT-VALUE}).")
  private String host;

  @Option(names = "--port", defaultValue = "" + DashboardConfig.DEFAULT_PORT,
      description = "HTTP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int port;

  @Option(names = "--orchestrator-url", defaultValue = DashboardConfig.DEFAULT_ORCHESTRATOR_URL,
      description = "Orchestrator REST API that submissions are forwarded to (default: ${DEFAULT-VALUE}).")
  private String orchestratorUrl;

  @Option(names = "--token", description = "Bearer token for forwarded mutations (default: SHEARS_TOKEN, or the"
      + " local `shears up` instance's).")
  private String token;

  @Option(names = "--history-writer", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Write finished trials' summaries to shears.trial-history (default: ${DEFAULT-VALUE}); one"
      + " dashboard of a deployment should, --no-history-writer for the others.")
  private boolean historyWriter;

  @Override
  public Integer call() throws InterruptedException {
    LocalContext context = new LocalContext(connection.bootstrap(), token != null ? token : connection.token(),
        connection.dataDir(), host, port, 0, Map.of("orchestrator", orchestratorUrl));
    return ServiceRunner.run("dashboard", host + ":" + port, vertx -> new DashboardService(historyWriter).deploy(vertx, context),
        spec.commandLine().getOut());
  }

}
