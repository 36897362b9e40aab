package dev.shears.launcher.dashboard;

import dev.shears.dashboard.DashboardConfig;
import dev.shears.dashboard.DashboardVerticle;
import dev.shears.launcher.ConnectionOptions;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shears dashboard}: the web dashboard alone, tailing a Kafka cluster, until interrupted. Bad settings
 * (a port out of range, a malformed orchestrator URL) exit with code 2; a busy port too.
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
    description = "Serve the live web dashboard (experiments, trials, fleet, submit form) from Kafka.")
public final class DashboardCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Mixin
  private ConnectionOptions connection;

  @Option(names = "--host", defaultValue = DashboardConfig.DEFAULT_HOST,
      description = "Address to bind (default: ${DEFAULT-VALUE}).")
  private String host;

  @Option(names = "--port", defaultValue = "" + DashboardConfig.DEFAULT_PORT,
      description = "HTTP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int port;

  @Option(names = "--orchestrator-url", defaultValue = DashboardConfig.DEFAULT_ORCHESTRATOR_URL,
      description = "Orchestrator REST API that submissions are forwarded to (default: ${DEFAULT-VALUE}).")
  private String orchestratorUrl;

  @Option(names = "--token", description = "Bearer token for forwarded mutations (default: SHEARS_TOKEN, or the"
      + " local `shears up` instance's).")
  private String token;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DashboardConfig config;
    try {
      config = DashboardConfig.of(connection.bootstrap(), host, port, orchestratorUrl,
          token != null ? token : connection.token());
    } catch (IllegalArgumentException e) {
      err.println("shears dashboard: " + e.getMessage());
      err.flush();
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    DashboardVerticle verticle = new DashboardVerticle(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        Clock.systemUTC());
    try {
      vertx.deployVerticle(verticle).await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
      err.println("shears dashboard: cannot start on " + host + ":" + port + ": " + e.getMessage());
      err.flush();
      return 2;
    }
    out.printf("Dashboard on http://%s:%d (Kafka %s, orchestrator %s); Ctrl-C stops it%n", host,
        verticle.actualPort(), config.bootstrap(), config.orchestratorUrl());
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      try {
        vertx.close().await(15, TimeUnit.SECONDS);
      } catch (Exception e) {
        // shutting down anyway
      } finally {
        stopped.countDown();
      }
    }, "shears-dashboard-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    stopped.await();
    return 0;
  }
}
