package dev.shears.launcher.model;

import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine.Option;

/** Options shared by the {@code shears model} commands. */
final class ModelOptions {
  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description = "HF model directory (config.json, model.safetensors, optional pruning.json) or builtin:tiny-t5.")
  String model;

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "Initialisation seed of a builtin model (default: ${DEFAULT-VALUE}).")
  long seed;

  /** Parses {@code 5,17,42} into ids, naming the option on error. */
  static long[] ids(String option, String text) {
    try {
      long[] ids =
          Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty())
              .mapToLong(Long::parseLong).toArray();
      if (ids.length == 0) {
        throw new IllegalArgumentException(option + ": no token ids given");
      }
      return ids;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + ": '" + text + "' is not a comma-separated list of integers", e);
    }
  }

  /** Prints a user error as one line and returns exit status 2. */
  static int userError(PrintWriter err, String command, IllegalArgumentException e) {
    err.println("shears " + command + ": " + e.getMessage());
    err.flush();
    return 2;
  }
}
