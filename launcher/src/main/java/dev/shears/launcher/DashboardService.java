package dev.shears.launcher;

import dev.shears.dashboard.DashboardConfig;
import dev.shears.dashboard.DashboardVerticle;
import dev.shears.ops.ServiceMeters;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;

/** The dashboard as an in-process service of {@code shears up}. */
public final class DashboardService implements LocalService {
  private final boolean historyWriter;

  /** A dashboard that writes the trial summaries (the one dashboard of {@code shears up}). */
  public DashboardService() {
    this(true);
  }

  /** @param historyWriter whether it writes the trial summaries to {@code shears.trial-history} */
  public DashboardService(boolean historyWriter) {
    this.historyWriter = historyWriter;
  }

  @Override
  public String name() {
    return "dashboard";
  }

  @Override
  public Future<String> deploy(Vertx vertx, LocalContext context) {
    DashboardConfig config = DashboardConfig.of(context.bootstrap(), context.host(), context.dashboardPort(),
        context.orchestratorUrl(), context.token()).withHistoryWriter(historyWriter);
    DashboardVerticle verticle = new DashboardVerticle(config, ServiceMeters.create("dashboard"), Clock.systemUTC(),
        context.liveness());
    return vertx.deployVerticle(verticle).map(id -> "http://" + context.host() + ":" + verticle.actualPort());
  }
}
