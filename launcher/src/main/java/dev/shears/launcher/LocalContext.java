package dev.shears.launcher;

import dev.shears.events.PathRoots;
import dev.shears.ops.Liveness;
import dev.shears.ops.ProcessExit;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every in-process service of {@code shears up} shares.
 *
 * @param bootstrap Kafka bootstrap servers
 * @param token the bearer token for mutations
 * @param dataDir the instance's state directory (.shears)
 * @param host the interface services bind to
 * @param dashboardPort the dashboard's port
 * @param orchestratorPort the orchestrator REST port
 * @param endpoints base URLs of the services deployed so far, by name
 * @param roots where dataset and model paths of specs may lie
 * @param loopDeath what a service does when one of its loops dies (by default: {@link ProcessExit})
 */
public record LocalContext(String bootstrap, String token, Path dataDir, String host, int dashboardPort,
    int orchestratorPort, Map<String, String> endpoints, PathRoots roots, Liveness.LoopDeath loopDeath) {

  public LocalContext {
    endpoints = Collections.unmodifiableMap(new LinkedHashMap<>(endpoints));
  }

  /** A context whose services end this process when one of their loops dies. */
  public LocalContext(String bootstrap, String token, Path dataDir, String host, int dashboardPort,
      int orchestratorPort, Map<String, String> endpoints, PathRoots roots) {
    this(bootstrap, token, dataDir, host, dashboardPort, orchestratorPort, endpoints, roots, new ProcessExit());
  }

  /** A context with the default roots ({@code ./data}, {@code ./models}, {@code ./.shears}). */
  public LocalContext(String bootstrap, String token, Path dataDir, String host, int dashboardPort,
      int orchestratorPort, Map<String, String> endpoints) {
    this(bootstrap, token, dataDir, host, dashboardPort, orchestratorPort, endpoints, PathRoots.under(Path.of("")));
  }

  /** This context with other roots. */
  public LocalContext withRoots(PathRoots other) {
    return new LocalContext(bootstrap, token, dataDir, host, dashboardPort, orchestratorPort, endpoints, other,
        loopDeath);
  }

  /** This context with one more deployed service. */
  public LocalContext withEndpoint(String name, String url) {
    Map<String, String> more = new LinkedHashMap<>(endpoints);
    more.put(name, url);
    return new LocalContext(bootstrap, token, dataDir, host, dashboardPort, orchestratorPort, more, roots, loopDeath);
  }

  /** This context with another action on a loop's death (in-process tests: {@code UNHEALTHY_ONLY}). */
  public LocalContext withLoopDeath(Liveness.LoopDeath other) {
    return new LocalContext(bootstrap, token, dataDir, host, dashboardPort, orchestratorPort, endpoints, roots, other);
  }

  /** A fresh liveness for one service, acting on its loops' deaths with {@link #loopDeath()}. */
  public Liveness liveness() {
    return new Liveness(loopDeath);
  }

  /** The orchestrator's REST base URL: the deployed one, else where it is configured to listen. */
  public String orchestratorUrl() {
    return endpoints.getOrDefault("orchestrator", "http://" + host + ":" + orchestratorPort);
  }
}
