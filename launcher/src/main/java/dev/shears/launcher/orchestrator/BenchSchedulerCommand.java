package dev.shears.launcher.orchestrator;

import dev.shears.broker.KafkaBroker;
import dev.shears.orchestrator.bench.SchedulerBenchmark;
import dev.shears.orchestrator.internal.Topology;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shears bench scheduler}: the scheduling core's decisions/s and packing, then assignments/s, submit →
 * assignment latency and restart recovery end to end on a broker (a temporary one unless {@code --bootstrap}).
 */
@Command(name = "scheduler", mixinStandardHelpOptions = true,
    description = "Benchmark the scheduler: core decisions/s, packing, and end to end through Kafka.")
public final class BenchSchedulerCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Option(names = "--trials", defaultValue = "10000", description = "Trials (default: ${DEFAULT-VALUE}).")
  private int trials;

  @Option(names = "--workers", defaultValue = "1000", description = "Simulated trainers (default: ${DEFAULT-VALUE}).")
  private int workers;

  @Option(names = "--gpus", defaultValue = "8", description = "GPUs per trainer (default: ${DEFAULT-VALUE}).")
  private int gpus;

  @Option(names = "--experiments", defaultValue = "10",
      description = "Experiments the trials are spread over (default: ${DEFAULT-VALUE}).")
  private int experiments;

  @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--latency-samples", defaultValue = "200",
      description = "Single-trial submissions timed end to end (default: ${DEFAULT-VALUE}).")
  private int latencySamples;

  @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
      description = "Use this broker instead of a temporary one (its topics get benchmark records).")
  private String bootstrap;

  @Option(names = "--core-only", description = "Skip the end-to-end part (no broker).")
  private boolean coreOnly;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (coreOnly || bootstrap != null) {
      if (bootstrap != null && !coreOnly) {
        Topology.ensure(bootstrap);
      }
      return SchedulerBenchmark.run(options(coreOnly ? null : bootstrap), out);
    }
    Path dir;
    try {
      dir = Files.createTempDirectory("shears-bench-kafka");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a temporary broker directory", e);
    }
    try (KafkaBroker broker = KafkaBroker.builder().dataDir(dir).build().start()) {
      Topology.ensure(broker.bootstrapServers());
      return SchedulerBenchmark.run(options(broker.bootstrapServers()), out);
    }
  }

  private SchedulerBenchmark.Options options(String broker) {
    return new SchedulerBenchmark.Options(trials, workers, gpus, experiments, 5_000, seed, broker, latencySamples);
  }
}
