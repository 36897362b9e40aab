package dev.shears.launcher;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shears orchestrator}: the orchestrator alone, against an existing Kafka cluster. */
@Command(name = "orchestrator", mixinStandardHelpOptions = true,
    description = "Run the orchestrator (specs, scheduler, REST API) against a Kafka cluster.")
final class OrchestratorCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Mixin
  private ConnectionOptions connection;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface to bind (default: ${DEFAULT-VALUE}).")
  private String host;

  @Option(names = "--port", defaultValue = "8081", description = "REST port (default: ${DEFAULT-VALUE}).")
  private int port;

  @Mixin
  private PathRootOptions roots;

  @Option(names = "--lease-timeout", defaultValue = "30s", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "A trainer silent this long loses its trials, which are requeued (default: ${DEFAULT-VALUE}).")
  private java.time.Duration leaseTimeout;

  @Override
  public Integer call() throws InterruptedException {
    if (leaseTimeout.isZero() || leaseTimeout.isNegative()) {
      throw new UserInputException("Invalid value " + leaseTimeout + " for --lease-timeout: must be positive");
    }
    String token = connection.token();
    if (token == null) {
      throw new UserInputException("Set SHEARS_TOKEN: the REST API needs a bearer token for mutations");
    }
    LocalContext context = new LocalContext(connection.bootstrap(), token, connection.dataDir(), host, 0, port,
        java.util.Map.of(), roots.roots());
    return ServiceRunner.run("orchestrator", host + ":" + port,
        vertx -> new OrchestratorService(leaseTimeout).deploy(vertx, context),
        spec.commandLine().getOut());
  }
}
