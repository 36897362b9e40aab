package dev.shears.launcher;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the {@code shears} command line in process and keeps what it printed. */
public final class CliRun {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** Runs one command line; returns its exit code. */
  public int execute(String... args) {
    CommandLine cli = Shears.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  /** Everything printed to standard output so far. */
  public String out() {
    return out.toString();
  }

  /** Everything printed to standard error so far. */
  public String err() {
    return err.toString();
  }
}
