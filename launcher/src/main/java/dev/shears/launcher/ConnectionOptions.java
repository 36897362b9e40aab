package dev.shears.launcher;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where to find Kafka: {@code --bootstrap}, else {@code SHEARS_BOOTSTRAP}, else the local {@code shears up},
 * else localhost:9092.
 */
public final class ConnectionOptions {
  @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
  private String bootstrap;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".shears",
      description = "Where a local `shears up` keeps its state (default: ${DEFAULT-VALUE}).")
  private Path dataDir;

  /** The bootstrap servers to use. */
  public String bootstrap() {
    if (bootstrap != null && !bootstrap.isBlank()) {
      return bootstrap;
    }
    String env = System.getenv("SHEARS_BOOTSTRAP");
    if (env != null && !env.isBlank()) {
      return env;
    }
    return LocalInstance.find(dataDir).map(LocalInstance::bootstrap).orElse("localhost:9092");
  }

  /** The running local instance's token, if any. */
  public String token() {
    String env = System.getenv("SHEARS_TOKEN");
    if (env != null && !env.isBlank()) {
      return env;
    }
    return LocalInstance.find(dataDir).map(LocalInstance::token).orElse(null);
  }

  public Path dataDir() {
    return dataDir;
  }
}
