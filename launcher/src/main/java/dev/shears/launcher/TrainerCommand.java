package dev.shears.launcher;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shears trainer}: one trainer worker joining a fleet. */
@Command(name = "trainer", mixinStandardHelpOptions = true,
    description = "Run a trainer worker: join the fleet, take assignments, run NASH stages, stream telemetry.")
final class TrainerCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Mixin
  private ConnectionOptions connection;

  @Option(names = "--gpus", defaultValue = "auto", paramLabel = "auto|cpu|0,1",
      description = "Devices: every CUDA device DJL sees (auto, else CPU), cpu, or indices (default: ${DEFAULT-VALUE}).")
  private String gpus;

  @Option(names = "--worker-id", paramLabel = "ID", description = "Worker id (default: trainer-<host>-<pid>).")
  private String workerId;

  @Option(names = "--checkpoint-root", paramLabel = "DIR", defaultValue = ".shears/checkpoints",
      description = "Checkpoint directory, shared by the fleet (default: ${DEFAULT-VALUE}).")
  private Path checkpointRoot;

  @Option(names = "--host", defaultValue = "127.0.0.1",
      description = "Interface /health and /metrics bind to (default: ${DEFAULT-VALUE}).")
  private String host;

  @Option(names = "--port", defaultValue = "0",
      description = "Port of /health and /metrics; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int port;

  @Mixin
  private PathRootOptions roots;

  @Override
  public Integer call() throws Exception {
    String id = workerId != null ? workerId
        : "trainer-" + java.net.InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
    LocalContext context = new LocalContext(connection.bootstrap(), null, connection.dataDir(), host, 0, 0,
        java.util.Map.of(), roots.roots());
    TrainerService service = TrainerService.of(id, gpus, checkpointRoot, port);
    return ServiceRunner.run("trainer " + id, host + ":" + port, vertx -> service.deploy(vertx, context),
        spec.commandLine().getOut());
  }
}
