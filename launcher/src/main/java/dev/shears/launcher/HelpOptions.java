package dev.shears.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Gives every command of a command line {@code -h}/{@code --help}, so a command added without
 * {@code mixinStandardHelpOptions} still answers help with its usage and exit code 0.
 */
final class HelpOptions {
  private HelpOptions() {}

  /** Adds a usage-help option to {@code cli} and each command below it that has none. */
  static void addWhereMissing(CommandLine cli) {
    CommandSpec spec = cli.getCommandSpec();
    boolean hasHelp = spec.options().stream().anyMatch(OptionSpec::usageHelp);
    if (!hasHelp) {
      spec.addOption(OptionSpec.builder("-h", "--help")
          .usageHelp(true)
          .description("Show this help message and exit.")
          .build());
    }
    cli.getSubcommands().values().stream().distinct().forEach(HelpOptions::addWhereMissing);
  }
}
