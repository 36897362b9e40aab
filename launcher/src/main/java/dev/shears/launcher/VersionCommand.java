package dev.shears.launcher;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code shears version}: the build's version and the runtime it runs on. */
@Command(name = "version", description = "Print the Shears version.")
final class VersionCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    for (String line : new Provider().getVersion()) {
      spec.commandLine().getOut().println(line);
    }
    return 0;
  }

  /** The version lines shared by {@code shears version} and {@code shears --version}. */
  static final class Provider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Shears.class.getPackage().getImplementationVersion();
      return new String[] {
        "shears " + (version == null ? "development build" : version),
        "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
      };
    }
  }
}
