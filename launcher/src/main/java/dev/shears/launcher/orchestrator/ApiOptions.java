package dev.shears.launcher.orchestrator;

import dev.shears.orchestrator.OrchestratorClient;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Where the orchestrator's REST API is and the token for mutations: {@code --url}, {@code --token}/SHEARS_TOKEN. */
public final class ApiOptions {
  @Option(names = "--url", paramLabel = "URL", defaultValue = OrchestratorClient.DEFAULT_URL,
      description = "Orchestrator REST API (default: ${DEFAULT-VALUE}).")
  private String url;

  @Option(names = "--token", paramLabel = "TOKEN",
      description = "Bearer token for mutations (default: the SHEARS_TOKEN environment variable).")
  private String token;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "Per-request timeout in seconds (default: ${DEFAULT-VALUE}).")
  private int timeoutSeconds;

  /** A client for the configured API. */
  public OrchestratorClient client() {
    URI base;
    try {
      base = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--url '" + url + "' is not a URL: " + e.getMessage());
    }
    if (base.getScheme() == null || !base.getScheme().startsWith("http") || base.getHost() == null) {
      throw new IllegalArgumentException("--url '" + url + "' must be an http(s) URL such as "
          + OrchestratorClient.DEFAULT_URL);
    }
    if (timeoutSeconds < 1) {
      throw new IllegalArgumentException("--timeout must be >= 1 second, was " + timeoutSeconds);
    }
    String t = token != null && !token.isBlank() ? token : System.getenv("SHEARS_TOKEN");
    return new OrchestratorClient(base, t, Duration.ofSeconds(timeoutSeconds));
  }

  public String url() {
    return url;
  }
}
