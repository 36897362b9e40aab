package dev.shears.dashboard.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;

/**
 * Forwards the browser's mutations (submit, cancel, pause, resume) to the orchestrator's REST API with the
 * caller's bearer token (already checked by {@link DashboardRoutes} when the dashboard holds one), and relays the answer, including the orchestrator's 400
 * {@code [{path, message}]} validation errors, unchanged.
 */
final class OrchestratorProxy {
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private final WebClient client;
  private final String baseUrl;
  OrchestratorProxy(WebClient client, String baseUrl) {
    this.client = client;
    this.baseUrl = baseUrl;
  }

  /** Forwards the request body to {@code path} on the orchestrator. */
  void forward(RoutingContext ctx, String path) {
    HttpRequest<Buffer> request = client.requestAbs(HttpMethod.POST, baseUrl + path)
        .timeout(TIMEOUT.toMillis());
    String type = ctx.request().getHeader("Content-Type");
    if (type != null) {
      request.putHeader("Content-Type", type);
    }
    request.putHeader("Accept", "application/json");
    String authorization = ctx.request().getHeader("Authorization");
    if (authorization != null) {
      request.putHeader("Authorization", authorization);
    }
    Buffer body = ctx.body() == null || ctx.body().buffer() == null ? Buffer.buffer() : ctx.body().buffer();
    request.sendBuffer(body)
        .onSuccess(answer -> {
          var response = ctx.response().setStatusCode(answer.statusCode());
          String answerType = answer.getHeader("Content-Type");
          response.putHeader("Content-Type", answerType == null ? "application/json" : answerType);
          response.end(answer.body() == null ? Buffer.buffer() : answer.body());
        })
        .onFailure(error -> Responses.error(ctx, 502,
            "orchestrator at " + baseUrl + " did not answer: " + error.getMessage()));
  }
}
