package dev.shears.launcher;

import dev.shears.model.CudaDriver;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code shears} command line. */
@Command(
    name = "shears",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = "Event-driven orchestrator for structured-pruning experiments on encoder-decoder models.",
    subcommands = {
        UpCommand.class,
        TopicsCommand.class,
        TailCommand.class,
        VersionCommand.class,
        CommandLine.HelpCommand.class
    })
public final class Shears {

  /** Builds the command line with every subcommand and the exit-code mapping. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Shears());
    cli.registerConverter(java.time.Duration.class, new DurationConverter());
    Subcommands.register(cli);
    HelpOptions.addWhereMissing(cli);
    // An option value may equal a subcommand's name (`shears eval --metrics rouge`, and that option's default,
    // beside `shears eval rouge`); without this, picocli takes such a value for the subcommand.
    cli.setAllowSubcommandsAsOptionParameters(true);
    cli.setExecutionExceptionHandler(new ShearsExceptionHandler());
    return cli;
  }

  public static void main(String[] args) {
    new CudaDriver().quietProbeWhereAbsent();
    System.exit(commandLine().execute(args));
  }
}
