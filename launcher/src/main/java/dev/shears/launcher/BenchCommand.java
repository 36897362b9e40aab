package dev.shears.launcher;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code shears bench …}: the benchmarks behind docs/benchmarks.md. Each measures Shears beside a peer in the
 * same run and prints ratios.
 */
@Command(name = "bench", description = "Run a benchmark (see docs/benchmarks.md).")
final class BenchCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Name a benchmark: "
        + String.join(", ", spec.subcommands().keySet()));
  }
}
