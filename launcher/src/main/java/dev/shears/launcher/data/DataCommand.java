package dev.shears.launcher.data;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code shears data}: build datasets and tokenizers from text on this machine. */
@Command(
    name = "data",
    description = "Build datasets and subword tokenizers offline.",
    mixinStandardHelpOptions = true,
    subcommands = {DebianDescriptionsCommand.class, TokenizerCommand.class})
public final class DataCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Name a data command: " + String.join(", ", spec.subcommands().keySet()));
  }
}
