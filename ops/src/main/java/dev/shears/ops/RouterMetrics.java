package dev.shears.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@link HttpServerMetrics} for a Vert.x Web router: a first route that times every request through the router's
 * own end handlers (which a plain response end handler would be replaced by). Install with {@link #install}.
 */
public final class RouterMetrics implements Handler<RoutingContext> {
  private final HttpServerMetrics metrics;

  private RouterMetrics(MeterRegistry registry, List<String> templates) {
    this.metrics = new HttpServerMetrics(null, registry, templates);
  }

  /** Times every request {@code router} serves; call before any other route is added, so it runs first. */
  public static void install(Router router, MeterRegistry registry, List<String> templates) {
    router.route().order(Integer.MIN_VALUE).handler(new RouterMetrics(registry, templates));
  }

  @Override
  public void handle(RoutingContext ctx) {
    Runnable done = metrics.started(ctx.request());
    ctx.addEndHandler(ended -> done.run());
    ctx.next();
  }
}
