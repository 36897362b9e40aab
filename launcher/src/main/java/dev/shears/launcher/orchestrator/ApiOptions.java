package dev.shears.launcher.orchestrator;

import dev.shears.launcher.LocalInstance;
import dev.shears.orchestrator.OrchestratorClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Where the orchestrator's REST API is and the token for mutations: {@code --url} and {@code --token}, else the
 * {@code SHEARS_TOKEN} environment variable, else what a local {@code shears up} recorded under {@code --data-dir},
 * else {@link OrchestratorClient#DEFAULT_URL} without a token.
 */
public final class ApiOptions {
  @Option(names = "--url", paramLabel = "URL",
      description = "Orchestrator REST API (default: the local `shears up`'s, else " + OrchestratorClient.DEFAULT_URL
          + ").")
  private String url;

  @Option(names = "--token", paramLabel = "TOKEN",
      description = "Bearer token for mutations (default: SHEARS_TOKEN, else the local `shears up`'s).")
  private String token;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".shears",
      description = "Where a local `shears up` keeps its state (default: ${DEFAULT-VALUE}).")
  private Path dataDir;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "Per-request timeout in seconds (default: ${DEFAULT-VALUE}).")
  private int timeoutSeconds;

  /** A client for the configured API. */
  public OrchestratorClient client() {
    String url = url();
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
    return new OrchestratorClient(base, token(), Duration.ofSeconds(timeoutSeconds));
  }

  /** The API's base URL. */
  public String url() {
    if (url != null && !url.isBlank()) {
      return url;
    }
    return LocalInstance.orchestratorUrl(dataDir).orElse(OrchestratorClient.DEFAULT_URL);
  }

  String token() {
    if (token != null && !token.isBlank()) {
      return token;
    }
    String env = System.getenv("SHEARS_TOKEN");
    if (env != null && !env.isBlank()) {
      return env;
    }
    return LocalInstance.find(dataDir).map(LocalInstance::token).orElse(null);
  }
}
