package dev.shears.orchestrator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A blocking client of the orchestrator's REST API, for the CLI and for tests. Errors come back as the API's
 * JSON array of {@code {path, message}}, not as exceptions; an unreachable server is an {@link IOException}.
 */
public final class OrchestratorClient {
  /** The default API address. */
  public static final String DEFAULT_URL = "http://127.0.0.1:" + OrchestratorConfig.DEFAULT_PORT;

  /** A response: its status and JSON body (a missing node when the body is not JSON). */
  public record Response(int status, JsonNode body) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  private final URI base;
  private final String token;
  private final Duration timeout;
  private final HttpClient http;
  private final ObjectMapper mapper = new ObjectMapper();

  /**
   * @param base the API address, e.g. {@code http://127.0.0.1:8081}
   * @param token the bearer token for mutations, or null
   * @param timeout per-request timeout
   */
  public OrchestratorClient(URI base, String token, Duration timeout) {
    String s = base.toString();
    this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    this.token = token;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** Submits a spec; {@code contentType} is application/yaml or application/json. */
  public Response submit(byte[] spec, String contentType) throws IOException {
    return send(request("/api/experiments").header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(spec)), true);
  }

  public Response experiments() throws IOException {
    return send(request("/api/experiments").GET(), false);
  }

  public Response experiment(String experimentId) throws IOException {
    return send(request("/api/experiments/" + encode(experimentId)).GET(), false);
  }

  public Response report(String experimentId) throws IOException {
    return send(request("/api/experiments/" + encode(experimentId) + "/report").GET(), false);
  }

  public Response trial(String trialId) throws IOException {
    return send(request("/api/trials/" + encode(trialId)).GET(), false);
  }

  public Response fleet() throws IOException {
    return send(request("/api/fleet").GET(), false);
  }

  public Response cancel(String experimentId) throws IOException {
    return control(experimentId, "cancel");
  }

  public Response pause(String experimentId) throws IOException {
    return control(experimentId, "pause");
  }

  public Response resume(String experimentId) throws IOException {
    return control(experimentId, "resume");
  }

  private Response control(String experimentId, String action) throws IOException {
    return send(request("/api/experiments/" + encode(experimentId) + "/" + action)
        .POST(HttpRequest.BodyPublishers.noBody()), true);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).header("Accept", "application/json");
  }

  private Response send(HttpRequest.Builder request, boolean mutation) throws IOException {
    if (mutation && token != null && !token.isBlank()) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while calling " + base, e);
    }
    JsonNode body;
    try {
      body = response.body().length == 0 ? MissingNode.getInstance() : mapper.readTree(response.body());
    } catch (IOException e) {
      body = MissingNode.getInstance();
    }
    return new Response(response.statusCode(), body);
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
