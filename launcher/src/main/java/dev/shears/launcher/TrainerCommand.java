package dev.shears.launcher;

import dev.shears.trainer.TrainerConfig;
import dev.shears.trainer.TrainerVerticle;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
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

  @Override
  public Integer call() throws Exception {
    String id = workerId != null ? workerId
        : "trainer-" + java.net.InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
    TrainerConfig config = TrainerConfig.of(connection.bootstrap(), id).withGpus(gpus)
        .withCheckpointRoot(checkpointRoot);
    return ServiceRunner.run("trainer " + id, "an ephemeral port", vertx -> {
      TrainerVerticle verticle = new TrainerVerticle(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
          Clock.systemUTC());
      return vertx.deployVerticle(verticle).map(d -> verticle.endpoint());
    }, spec.commandLine().getOut());
  }
}
