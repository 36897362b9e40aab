package dev.shears.dashboard;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;

/**
 * Settings of the dashboard service, validated on construction.
 *
 * @param bootstrap Kafka {@code bootstrap.servers}
 * @param host address the HTTP server binds (127.0.0.1 by default)
 * @param port HTTP port (8080 by default; 0 picks a free one)
 * @param orchestratorUrl base URL of the orchestrator's REST API, to which submissions are forwarded
 * @param token bearer token sent with forwarded mutations; null when none is configured
 * @param historyPoints rows kept per scalar telemetry series of one trial
 * @param maskHistoryPoints rows kept of one trial's head-gate heatmap
 * @param clientMaxRowsPerSeries rows of one series a streaming client may have pending before the oldest drop
 * @param clientMaxKeys distinct pending updates a streaming client may have
 * @param flushInterval how long updates collect before a client's frame is written
 * @param workerLease a worker without heartbeat for this long is shown as gone
 * @param heartbeatInterval how often the dashboard announces itself on {@code shears.fleet}
 * @param maxTrialHistories trials whose telemetry history is kept; beyond it the finished trial updated longest
 *     ago loses its history
 * @param historyWriter whether this dashboard writes finished trials' summaries to {@code shears.trial-history}
 *     (one dashboard of a deployment should; a second writer only repeats the same summaries)
 */
public record DashboardConfig(
    String bootstrap,
    String host,
    int port,
    String orchestratorUrl,
    String token,
    int historyPoints,
    int maskHistoryPoints,
    int clientMaxRowsPerSeries,
    int clientMaxKeys,
    Duration flushInterval,
    Duration workerLease,
    Duration heartbeatInterval,
    int maxTrialHistories,
    boolean historyWriter) {

  public static final String BOOTSTRAP = "dashboard.bootstrap";
  public static final String HOST = "dashboard.host";
  public static final String PORT = "dashboard.port";
  public static final String ORCHESTRATOR_URL = "dashboard.orchestrator.url";
  public static final String TOKEN = "dashboard.token";
  public static final String HISTORY_POINTS = "dashboard.history.points";
  public static final String MASK_HISTORY_POINTS = "dashboard.history.mask.points";
  public static final String CLIENT_MAX_ROWS = "dashboard.client.max.rows.per.series";
  public static final String CLIENT_MAX_KEYS = "dashboard.client.max.keys";
  public static final String FLUSH_INTERVAL_MS = "dashboard.flush.interval.ms";
  public static final String WORKER_LEASE_MS = "dashboard.worker.lease.ms";
  public static final String HEARTBEAT_INTERVAL_MS = "dashboard.heartbeat.interval.ms";
  public static final String MAX_TRIAL_HISTORIES = "dashboard.history.max.trials";
  public static final String HISTORY_WRITER = "dashboard.history.writer";

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final String DEFAULT_ORCHESTRATOR_URL = "http://127.0.0.1:8081";

  public DashboardConfig {
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new InvalidConfigException(BOOTSTRAP, bootstrap, "must name at least one host:port");
    }
    if (host == null || host.isBlank()) {
      throw new InvalidConfigException(HOST, host, "must be an address to bind, e.g. 127.0.0.1");
    }
    if (port < 0 || port > 65535) {
      throw new InvalidConfigException(PORT, port, "must be in [0, 65535]");
    }
    try {
      URI uri = URI.create(orchestratorUrl);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new InvalidConfigException(ORCHESTRATOR_URL, orchestratorUrl, "must be an http(s) URL with a host");
      }
    } catch (IllegalArgumentException | NullPointerException e) {
      if (e instanceof InvalidConfigException ice) {
        throw ice;
      }
      throw new InvalidConfigException(ORCHESTRATOR_URL, orchestratorUrl, "must be an http(s) URL with a host");
    }
    if (token != null && token.isBlank()) {
      token = null;
    }
    checkCapacity(HISTORY_POINTS, historyPoints);
    checkCapacity(MASK_HISTORY_POINTS, maskHistoryPoints);
    if (clientMaxRowsPerSeries < 1) {
      throw new InvalidConfigException(CLIENT_MAX_ROWS, clientMaxRowsPerSeries, "must be >= 1");
    }
    if (clientMaxKeys < 1) {
      throw new InvalidConfigException(CLIENT_MAX_KEYS, clientMaxKeys, "must be >= 1");
    }
    checkPositive(FLUSH_INTERVAL_MS, flushInterval);
    checkPositive(WORKER_LEASE_MS, workerLease);
    checkPositive(HEARTBEAT_INTERVAL_MS, heartbeatInterval);
    if (maxTrialHistories < 1) {
      throw new InvalidConfigException(MAX_TRIAL_HISTORIES, maxTrialHistories, "must be >= 1");
    }
    orchestratorUrl = orchestratorUrl.endsWith("/")
        ? orchestratorUrl.substring(0, orchestratorUrl.length() - 1) : orchestratorUrl;
  }

  /** The defaults (127.0.0.1:8080, orchestrator at 127.0.0.1:8081) for a broker, with the given token. */
  public static DashboardConfig defaults(String bootstrap, String token) {
    return of(bootstrap, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_ORCHESTRATOR_URL, token);
  }

  /** The main settings, the rest at their defaults. */
  public static DashboardConfig of(String bootstrap, String host, int port, String orchestratorUrl, String token) {
    return new DashboardConfig(bootstrap, host, port, orchestratorUrl, token, 2048, 256, 1024, 4096,
        Duration.ofMillis(50), Duration.ofSeconds(6), Duration.ofSeconds(2), 2000, true);
  }

  /** A copy with another HTTP port. */
  public DashboardConfig withPort(int newPort) {
    return new DashboardConfig(bootstrap, host, newPort, orchestratorUrl, token, historyPoints, maskHistoryPoints,
        clientMaxRowsPerSeries, clientMaxKeys, flushInterval, workerLease, heartbeatInterval, maxTrialHistories,
        historyWriter);
  }

  /** A copy that does or does not write trial summaries. */
  public DashboardConfig withHistoryWriter(boolean writer) {
    return new DashboardConfig(bootstrap, host, port, orchestratorUrl, token, historyPoints, maskHistoryPoints,
        clientMaxRowsPerSeries, clientMaxKeys, flushInterval, workerLease, heartbeatInterval, maxTrialHistories,
        writer);
  }

  /** A copy with other per-client stream bounds. */
  public DashboardConfig withClientLimits(int maxRowsPerSeries, int maxKeys) {
    return new DashboardConfig(bootstrap, host, port, orchestratorUrl, token, historyPoints, maskHistoryPoints,
        maxRowsPerSeries, maxKeys, flushInterval, workerLease, heartbeatInterval, maxTrialHistories, historyWriter);
  }

  /**
   * Reads the keys named by the constants of this class; absent keys take their defaults, {@code token} falls
   * back to the environment variable {@code SHEARS_TOKEN}.
   */
  public static DashboardConfig from(JsonObject json) {
    DashboardConfig d = of("-", DEFAULT_HOST, DEFAULT_PORT, DEFAULT_ORCHESTRATOR_URL, null);
    String token = json.getString(TOKEN, System.getenv("SHEARS_TOKEN"));
    return new DashboardConfig(
        json.getString(BOOTSTRAP),
        json.getString(HOST, d.host()),
        intValue(json, PORT, d.port()),
        json.getString(ORCHESTRATOR_URL, d.orchestratorUrl()),
        token,
        intValue(json, HISTORY_POINTS, d.historyPoints()),
        intValue(json, MASK_HISTORY_POINTS, d.maskHistoryPoints()),
        intValue(json, CLIENT_MAX_ROWS, d.clientMaxRowsPerSeries()),
        intValue(json, CLIENT_MAX_KEYS, d.clientMaxKeys()),
        Duration.ofMillis(intValue(json, FLUSH_INTERVAL_MS, (int) d.flushInterval().toMillis())),
        Duration.ofMillis(intValue(json, WORKER_LEASE_MS, (int) d.workerLease().toMillis())),
        Duration.ofMillis(intValue(json, HEARTBEAT_INTERVAL_MS, (int) d.heartbeatInterval().toMillis())),
        intValue(json, MAX_TRIAL_HISTORIES, d.maxTrialHistories()),
        booleanValue(json, HISTORY_WRITER, d.historyWriter()));
  }

  private static int intValue(JsonObject json, String key, int fallback) {
    Object v = json.getValue(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Number n && n.doubleValue() == n.intValue()) {
      return n.intValue();
    }
    try {
      return Integer.parseInt(v.toString().trim());
    } catch (NumberFormatException e) {
      throw new InvalidConfigException(key, v, "must be an integer");
    }
  }

  private static boolean booleanValue(JsonObject json, String key, boolean fallback) {
    Object v = json.getValue(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    return switch (v.toString().trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new InvalidConfigException(key, v, "must be true or false");
    };
  }

  private static void checkCapacity(String name, int value) {
    if (value < 16 || value % 4 != 0 || value > 1_000_000) {
      throw new InvalidConfigException(name, value, "must be in [16, 1000000] and divisible by 4");
    }
  }

  private static void checkPositive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new InvalidConfigException(name, value, "must be a positive duration");
    }
  }

  @Override
  public String toString() {
    // The token stays out of logs.
    return "DashboardConfig[bootstrap=" + bootstrap + ", host=" + host + ", port=" + port + ", orchestratorUrl="
        + orchestratorUrl + ", token=" + (token == null ? "none" : "***") + ", historyPoints=" + historyPoints
        + ", maskHistoryPoints=" + maskHistoryPoints + ", clientMaxRowsPerSeries=" + clientMaxRowsPerSeries
        + ", clientMaxKeys=" + clientMaxKeys + ", flushInterval=" + flushInterval + ", maxTrialHistories="
        + maxTrialHistories + ", historyWriter=" + historyWriter + "]";
  }
}
