package dev.shears.launcher;

import dev.shears.dashboard.DashboardConfig;
import dev.shears.dashboard.DashboardVerticle;
import dev.shears.ops.ServiceMeters;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;

/** The dashboard as an in-process service of {@code shears up}. */
public final class DashboardService implements LocalService {
  @Override
  public String name() {
    return "dashboard";
  }

  @Override
  public Future<String> deploy(Vertx vertx, LocalContext context) {
    DashboardConfig config = DashboardConfig.of(context.bootstrap(), context.host(), context.dashboardPort(),
        context.orchestratorUrl(), context.token());
    DashboardVerticle verticle = new DashboardVerticle(config, ServiceMeters.create("dashboard"), Clock.systemUTC(),
        context.liveness());
    return vertx.deployVerticle(verticle).map(id -> "http://" + context.host() + ":" + verticle.actualPort());
  }
}
