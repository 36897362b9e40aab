package dev.shears.launcher;

import dev.shears.ops.ServiceMeters;
import dev.shears.orchestrator.OrchestratorConfig;
import dev.shears.orchestrator.OrchestratorVerticle;
import dev.shears.orchestrator.scheduler.SchedulerConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;

/** The orchestrator as an in-process service of {@code shears up}. */
final class OrchestratorService implements LocalService {
  private final Duration leaseTimeout;

  /** The orchestrator with the default lease ({@link SchedulerConfig#DEFAULT}). */
  OrchestratorService() {
    this(SchedulerConfig.DEFAULT.leaseTimeout());
  }

  /** The orchestrator with its own lease: a trainer silent this long loses its trials. */
  OrchestratorService(Duration leaseTimeout) {
    this.leaseTimeout = leaseTimeout;
  }

  @Override
  public String name() {
    return "orchestrator";
  }

  @Override
  public Future<String> deploy(Vertx vertx, LocalContext context) {
    OrchestratorConfig config = OrchestratorConfig.builder(context.bootstrap(), context.token())
        .host(context.host())
        .port(context.orchestratorPort())
        .roots(context.roots().dataRoots(), context.roots().modelRoots())
        .leaseTimeout(leaseTimeout)
        .build();
    OrchestratorVerticle verticle = new OrchestratorVerticle(config, ServiceMeters.create("orchestrator"),
        Clock.systemUTC(), context.liveness());
    return vertx.deployVerticle(verticle).map(id -> "http://" + context.host() + ":" + verticle.port());
  }
}
