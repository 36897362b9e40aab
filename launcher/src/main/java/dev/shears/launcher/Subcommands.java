package dev.shears.launcher;

import picocli.CommandLine;

/** The subcommands contributed by the service modules, registered beside the launcher's own. */
final class Subcommands {
  private Subcommands() {}

  static void register(CommandLine cli) {
  }
}
