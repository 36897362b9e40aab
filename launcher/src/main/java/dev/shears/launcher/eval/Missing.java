package dev.shears.launcher.eval;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Required options of a command that has subcommands, checked when the command itself runs. Picocli checks a parent's
 * required options even when a subcommand is invoked, so such options are declared optional and checked here, with
 * picocli's own message and exit code (usage, 2).
 */
final class Missing {
  private Missing() {}

  /** Throws picocli's missing-option error naming every {@code labels[i]} whose {@code values[i]} is null. */
  static void require(CommandSpec spec, Object... valuesAndLabels) {
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < valuesAndLabels.length; i += 2) {
      if (valuesAndLabels[i] == null) {
        missing.add("'" + valuesAndLabels[i + 1] + "'");
      }
    }
    if (!missing.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "Missing required option" + (missing.size() > 1 ? "s: " : ": ") + String.join(", ", missing));
    }
  }
}
