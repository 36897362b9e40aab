package dev.shears.launcher.dashboard;

import dev.shears.broker.KafkaBroker;
import dev.shears.dashboard.bench.DashboardBenchmark;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shears bench dashboard}: simulated trials through a real broker (embedded unless {@code --bootstrap})
 * into a dashboard in this process, observed first by SSE streaming clients, then by 1-second polling clients;
 * prints p50/p90/p99 emit → client latency, dashboard CPU and heap for each (see docs/benchmarks-dashboard.md).
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
    description = "Live-stream latency of the dashboard under simulated telemetry, beside 1 s polling.")
public final class BenchDashboardCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Option(names = "--trials", defaultValue = "200", description = "Simulated trials (default: ${DEFAULT-VALUE}).")
  private int trials;

  @Option(names = "--rate", defaultValue = "20",
      description = "Telemetry events per second per trial (default: ${DEFAULT-VALUE}).")
  private int rate;

  @Option(names = "--clients", defaultValue = "10",
      description = "Streaming clients, then as many polling clients (default: ${DEFAULT-VALUE}).")
  private int clients;

  @Option(names = "--trials-per-client", defaultValue = "200",
      description = "Trials each client watches (default: ${DEFAULT-VALUE}).")
  private int trialsPerClient;

  @Option(names = "--warmup", defaultValue = "10", description = "Unmeasured seconds per phase (default: ${DEFAULT-VALUE}).")
  private int warmupSeconds;

  @Option(names = "--seconds", defaultValue = "30", description = "Measured seconds per phase (default: ${DEFAULT-VALUE}).")
  private int seconds;

  @Option(names = "--bootstrap", description = "Use this broker instead of starting an embedded one.")
  private String bootstrap;

  @Option(names = "--check", negatable = false, description = "Exit with status 1 when streaming p99 is not below 250 ms.")
  private boolean check;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    DashboardBenchmark.Options options;
    try {
      options = new DashboardBenchmark.Options(trials, rate, clients, Math.min(trials, trialsPerClient),
          Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(seconds), Duration.ofSeconds(1));
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("shears bench dashboard: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return 2;
    }
    DashboardBenchmark.Result result;
    if (bootstrap != null) {
      result = DashboardBenchmark.run(bootstrap, options, out);
    } else {
      Path dir = Files.createTempDirectory("shears-bench-dashboard");
      try (KafkaBroker broker = KafkaBroker.builder().dataDir(dir).build().start()) {
        result = DashboardBenchmark.run(broker.bootstrapServers(), options, out);
      }
    }
    return check && !result.meets(250) ? 1 : 0;
  }
}
