package dev.shears.launcher;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where a local stack keeps its state and listens: the options {@code up} and {@code reproduce} share. */
final class StackOptions {
  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".shears",
      description = "State directory: Kafka data, checkpoints, exports (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--kafka-port", defaultValue = "0", description = "Kafka port; 0 picks a free one (default).")
  int kafkaPort;

  @Option(names = "--dashboard-port", defaultValue = "8080", description = "Dashboard port (default: ${DEFAULT-VALUE}).")
  int dashboardPort;

  @Option(names = "--orchestrator-port", defaultValue = "8081",
      description = "Orchestrator REST port (default: ${DEFAULT-VALUE}).")
  int orchestratorPort;

  LocalStack.Settings settings() {
    return new LocalStack.Settings(host, kafkaPort, dashboardPort, orchestratorPort);
  }
}
