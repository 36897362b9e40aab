package dev.shears.dashboard.web;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** JSON error bodies: {@code {"error": "…"}}. */
final class Responses {
  private Responses() {}

  static void error(RoutingContext ctx, int status, String message) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", message).encode());
  }
}
