package dev.shears.launcher.orchestrator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shears.orchestrator.OrchestratorClient;
import java.io.IOException;
import java.io.PrintWriter;

/** Shared handling of API responses for the orchestrator commands: exit 2 for what the user can fix. */
final class ApiCalls {
  static final int OK = 0;
  static final int UNREACHABLE = 1;
  static final int USER_ERROR = 2;

  interface Call {
    OrchestratorClient.Response run() throws IOException;
  }

  private ApiCalls() {}

  /** The response, or null after printing why the server could not be reached. */
  static OrchestratorClient.Response call(Call call, ApiOptions api, PrintWriter err) {
    try {
      return call.run();
    } catch (IOException e) {
      err.println("cannot reach the orchestrator at " + api.url() + ": "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
          + " (is it running? see --url)");
      err.flush();
      return null;
    }
  }

  /** Prints an error response's problems, one {@code path: message} per line, and returns the exit code. */
  static int failure(OrchestratorClient.Response r, PrintWriter err) {
    JsonNode body = r.body();
    if (body.isArray() && !body.isEmpty()) {
      for (JsonNode p : body) {
        err.println(p.path("path").asText("$") + ": " + p.path("message").asText());
      }
    } else {
      err.println("the orchestrator answered HTTP " + r.status());
    }
    if (r.status() == 401) {
      err.println("(pass --token or set SHEARS_TOKEN)");
    }
    err.flush();
    return r.status() >= 500 ? UNREACHABLE : USER_ERROR;
  }
}
