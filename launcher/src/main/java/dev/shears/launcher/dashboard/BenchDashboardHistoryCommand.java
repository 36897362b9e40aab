package dev.shears.launcher.dashboard;

import dev.shears.broker.KafkaBroker;
import dev.shears.dashboard.bench.HistoryBenchmark;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shears bench dashboard-history}: a dashboard's start-up time and heap over finished trials, replayed from
 * their full telemetry and then from their summaries on {@code shears.trial-history}, in one run on a real broker
 * (embedded unless {@code --bootstrap}).
 */
@Command(name = "dashboard-history", mixinStandardHelpOptions = true,
    description = "Dashboard start-up time and heap over finished trials: full telemetry vs trial summaries.")
public final class BenchDashboardHistoryCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Option(names = "--trials", defaultValue = "1000", description = "Finished trials (default: ${DEFAULT-VALUE}).")
  private int trials;

  @Option(names = "--steps", defaultValue = "300",
      description = "Telemetry steps per trial (default: ${DEFAULT-VALUE}).")
  private int steps;

  @Option(names = "--bootstrap", description = "Use this broker (with empty Shears topics) instead of starting an"
      + " embedded one.")
  private String bootstrap;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    HistoryBenchmark.Options options;
    try {
      options = new HistoryBenchmark.Options(trials, steps);
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("shears bench dashboard-history: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return 2;
    }
    if (bootstrap != null) {
      HistoryBenchmark.run(bootstrap, options, out);
      return 0;
    }
    Path dir = Files.createTempDirectory("shears-bench-history");
    try (KafkaBroker broker = KafkaBroker.builder().dataDir(dir).build().start()) {
      HistoryBenchmark.run(broker.bootstrapServers(), options, out);
    }
    return 0;
  }
}
