package dev.shears.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every command and subcommand, found by walking the picocli tree, answers -h and --help with its usage. */
class HelpEverywhereTest {

  static Stream<Arguments> everyCommandWithEveryHelpFlag() {
    List<List<String>> paths = new ArrayList<>();
    walk(Shears.commandLine(), new ArrayList<>(), paths);
    return paths.stream().flatMap(p -> Stream.of(Arguments.of(p, "--help"), Arguments.of(p, "-h")));
  }

  private static void walk(CommandLine cli, List<String> path, List<List<String>> into) {
    into.add(List.copyOf(path));
    cli.getSubcommands().forEach((name, sub) -> {
      if (name.equals(sub.getCommandName())) { // aliases name the same command again
        List<String> next = new ArrayList<>(path);
        next.add(name);
        walk(sub, next, into);
      }
    });
  }

  @ParameterizedTest(name = "shears {0} {1}")
  @MethodSource("everyCommandWithEveryHelpFlag")
  void printsUsageAndExitsZero(List<String> path, String flag) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Shears.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> args = new ArrayList<>(path);
    args.add(flag);

    // picocli reports a description it cannot format (an unescaped '%') on System.err, not on the command's err.
    ByteArrayOutputStream traced = new ByteArrayOutputStream();
    PrintStream systemErr = System.err;
    int exit;
    System.setErr(new PrintStream(traced, true, StandardCharsets.UTF_8));
    try {
      exit = cli.execute(args.toArray(String[]::new));
    } finally {
      System.setErr(systemErr);
    }

    String usage = ("Usage: shears " + String.join(" ", path)).trim();
    assertThat(exit).as("exit code of shears %s %s; stderr: %s", path, flag, err).isZero();
    assertThat(out.toString()).as("stdout of shears %s %s", path, flag).contains(usage);
    assertThat(err.toString()).as("stderr of shears %s %s", path, flag).isEmpty();
    assertThat(traced.toString(StandardCharsets.UTF_8)).as("picocli's warnings for shears %s %s", path, flag)
        .doesNotContain("[picocli WARN]");
  }

  @Test
  void theWalkReachesNestedCommands() {
    // If the walk missed the subcommands' subcommands, the test above would prove little.
    assertThat(everyCommandWithEveryHelpFlag().map(a -> String.join(" ", (List<String>) a.get()[0])))
        .contains("", "up", "topics", "tail", "version", "model generate", "bench train", "bench generate",
            "eval rouge");
  }
}
