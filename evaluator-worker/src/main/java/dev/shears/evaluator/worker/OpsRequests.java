package dev.shears.evaluator.worker;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/**
 * The rules of a worker's /health and /metrics server, which has nothing to change: only GET and HEAD, and no
 * request body. Anything else is answered (405 or 413, with a JSON reason) and the connection closed, so a client
 * cannot make the worker hold a body.
 */
final class OpsRequests {
  private OpsRequests() {}

  /** Answers and returns true when {@code request} breaks the rules; false when it may be served. */
  static boolean refuse(HttpServerRequest request) {
    HttpMethod method = request.method();
    if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
      answer(request, 405, "method " + method + " is not allowed: this server only answers GET /health and"
          + " GET /metrics");
      return true;
    }
    String length = request.getHeader("Content-Length");
    if ((length != null && !length.trim().equals("0")) || request.getHeader("Transfer-Encoding") != null) {
      answer(request, 413, "request bodies are not accepted here (Content-Length " + length + ")");
      return true;
    }
    return false;
  }

  private static void answer(HttpServerRequest request, int status, String message) {
    var response = request.response().setStatusCode(status).putHeader("content-type", "application/json");
    if (status == 405) {
      response.putHeader("Allow", "GET, HEAD");
    }
    response.end("{\"error\":\"" + message.replace("\\", "").replace("\"", "'") + "\"}")
        .onComplete(done -> request.connection().close());
  }
}
