package dev.shears.launcher;

import dev.shears.trainer.TrainerConfig;
import dev.shears.trainer.TrainerVerticle;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;

/** One trainer worker (its GPUs, else a CPU slot) as an in-process service of {@code shears up}. */
final class TrainerService implements LocalService {
  @Override
  public String name() {
    return "trainer";
  }

  @Override
  public Future<String> deploy(Vertx vertx, LocalContext context) {
    TrainerConfig config = TrainerConfig.of(context.bootstrap(), "trainer-" + ProcessHandle.current().pid())
        .withCheckpointRoot(context.dataDir().resolve("checkpoints"));
    TrainerVerticle verticle = new TrainerVerticle(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        Clock.systemUTC());
    return vertx.deployVerticle(verticle).map(id -> verticle.endpoint());
  }
}
