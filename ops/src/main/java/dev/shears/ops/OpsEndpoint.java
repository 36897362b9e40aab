package dev.shears.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The request handler of a worker's /health and /metrics server, which has nothing to change: only GET and HEAD,
 * and no request body. Anything else is answered (405 or 413, with a JSON reason); a request that announced a body
 * also loses its connection, so a client cannot make the worker hold a body. {@code GET /health} answers the worker's {@link Health};
 * {@code GET /metrics} the registry in Prometheus text format; other paths 404. Every request is timed
 * ({@link HttpServerMetrics}).
 */
public final class OpsEndpoint implements Handler<HttpServerRequest> {

  /**
   * What {@code /health} answers.
   *
   * @param status the HTTP status (200 when up)
   * @param json   the JSON body
   */
  public record Health(int status, String json) {}

  private final Supplier<Health> health;
  private final MeterRegistry registry;
  private final HttpServerMetrics timed;

  /** An endpoint answering {@code health} and scraping {@code registry} (empty unless it is Prometheus). */
  public OpsEndpoint(Supplier<Health> health, MeterRegistry registry) {
    this.health = Objects.requireNonNull(health, "health");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.timed = new HttpServerMetrics(this::serve, registry, List.of("/health", "/metrics"));
  }

  @Override
  public void handle(HttpServerRequest request) {
    timed.handle(request);
  }

  private void serve(HttpServerRequest request) {
    if (refuse(request)) {
      return;
    }
    String path = request.path();
    if ("/health".equals(path)) {
      Health h = health.get();
      request.response().setStatusCode(h.status()).putHeader("content-type", "application/json").end(h.json());
    } else if ("/metrics".equals(path)) {
      String text = registry instanceof PrometheusMeterRegistry p ? p.scrape() : "";
      request.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(text);
    } else {
      request.response().setStatusCode(404).putHeader("content-type", "application/json")
          .end("{\"error\":\"no route " + path.replace("\"", "") + "\"}");
    }
  }

  /** Answers and returns true when {@code request} breaks the rules; false when it may be served. */
  private static boolean refuse(HttpServerRequest request) {
    HttpMethod method = request.method();
    String length = request.getHeader("Content-Length");
    boolean body = (length != null && !length.trim().equals("0")) || request.getHeader("Transfer-Encoding") != null;
    if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
      answer(request, 405, "method " + method + " is not allowed: this server only answers GET /health and"
          + " GET /metrics", body);
      return true;
    }
    if (body) {
      answer(request, 413, "request bodies are not accepted here (Content-Length " + length + ")", true);
      return true;
    }
    return false;
  }

  /**
   * Answers with a JSON reason. A request that announced a body is answered with {@code Connection: close} and its
   * connection closed, so the body is never read; one without a body keeps its connection, since closing it under a
   * client that may still be flushing its request would turn the answer into a connection error.
   */
  private static void answer(HttpServerRequest request, int status, String message, boolean close) {
    var response = request.response().setStatusCode(status).putHeader("content-type", "application/json");
    if (status == 405) {
      response.putHeader("Allow", "GET, HEAD");
    }
    if (close) {
      response.putHeader("Connection", "close");
    }
    var sent = response.end("{\"error\":\"" + message.replace("\\", "").replace("\"", "'") + "\"}");
    if (close) {
      sent.onComplete(done -> request.connection().close());
    }
  }
}
