package dev.shears.launcher;

import java.nio.file.Path;

/**
 * What every in-process service of {@code shears up} shares.
 *
 * @param bootstrap Kafka bootstrap servers
 * @param token the bearer token for mutations
 * @param dataDir the instance's state directory (.shears)
 * @param host the interface services bind to
 * @param dashboardPort the dashboard's port
 * @param orchestratorPort the orchestrator REST port
 */
record LocalContext(String bootstrap, String token, Path dataDir, String host, int dashboardPort,
    int orchestratorPort) {

  String orchestratorUrl() {
    return "http://" + host + ":" + orchestratorPort;
  }
}
