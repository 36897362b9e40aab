package dev.shears.launcher;

import dev.shears.ops.ServiceMeters;
import dev.shears.trainer.TrainerConfig;
import dev.shears.trainer.TrainerVerticle;
import dev.shears.trainer.data.DatasetBatches;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Function;

/** One trainer worker (its GPUs, else a CPU slot), in {@code shears up} or alone as {@code shears trainer}. */
final class TrainerService implements LocalService {
  private final String workerId;
  private final String gpus;
  private final Function<LocalContext, Path> checkpointRoot;
  private final int port;

  private TrainerService(String workerId, String gpus, Function<LocalContext, Path> checkpointRoot, int port) {
    this.workerId = workerId;
    this.gpus = gpus;
    this.checkpointRoot = checkpointRoot;
    this.port = port;
  }

  /** The trainer of {@code shears up}: every device DJL sees, checkpoints under the instance's data directory. */
  static TrainerService local() {
    return new TrainerService("trainer-" + ProcessHandle.current().pid(), "auto",
        context -> context.dataDir().resolve("checkpoints"), 0);
  }

  /**
   * A trainer with its own id, devices ({@code auto}, {@code cpu} or indices), checkpoint directory and
   * /health + /metrics port (0: a free one).
   */
  static TrainerService of(String workerId, String gpus, Path checkpointRoot, int port) {
    return new TrainerService(workerId, gpus, context -> checkpointRoot, port);
  }

  @Override
  public String name() {
    return "trainer";
  }

  @Override
  public Future<String> deploy(Vertx vertx, LocalContext context) {
    TrainerConfig config = TrainerConfig.of(context.bootstrap(), workerId).withGpus(gpus)
        .withCheckpointRoot(checkpointRoot.apply(context)).withEndpoint(context.host(), port)
        .withRoots(context.roots());
    TrainerVerticle verticle = new TrainerVerticle(config, ServiceMeters.create("trainer"), Clock.systemUTC(),
        new DatasetBatches(), context.liveness());
    return vertx.deployVerticle(verticle).map(id -> verticle.endpoint());
  }
}
