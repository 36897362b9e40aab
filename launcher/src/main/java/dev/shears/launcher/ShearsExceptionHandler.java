package dev.shears.launcher;

import dev.shears.broker.KafkaBrokerException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Maps failures a user can act on to one line on stderr and exit code 2; anything else is a bug and keeps its
 * stack trace (exit code 1).
 */
final class ShearsExceptionHandler implements IExecutionExceptionHandler {
  static final int USER_ERROR = 2;

  @Override
  public int handleExecutionException(Exception ex, CommandLine cli, ParseResult parsed) {
    Throwable cause = rootUserCause(ex);
    if (cause != null) {
      cli.getErr().println(command(cli) + ": " + cause.getMessage());
      cli.getErr().flush();
      return USER_ERROR;
    }
    cli.getErr().println(command(cli) + " failed:");
    ex.printStackTrace(cli.getErr());
    return 1;
  }

  /** The command as typed, from the root: {@code shears bench asha}, not {@code shears asha}. */
  private static String command(CommandLine cli) {
    return cli.getCommandSpec().qualifiedName(" ");
  }

  private static Throwable rootUserCause(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof UserInputException
          || t instanceof KafkaBrokerException
          || t instanceof IllegalArgumentException
          || t instanceof NoSuchFileException
          || t instanceof AccessDeniedException) {
        return t;
      }
      if (t instanceof UncheckedIOException && t.getCause() instanceof NoSuchFileException) {
        return t.getCause();
      }
    }
    return null;
  }
}
