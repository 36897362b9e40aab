package dev.shears.orchestrator;

import dev.shears.orchestrator.scheduler.SchedulerConfig;
import dev.shears.events.PathRoots;
import dev.shears.spec.SpecLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of the orchestrator service, validated once when built.
 *
 * @param bootstrap Kafka bootstrap servers, {@code host:port[,…]}
 * @param host the address the REST API binds (127.0.0.1 by default)
 * @param port the REST port (8081 by default; 0 picks a free one)
 * @param token the bearer token mutations need
 * @param instanceId this orchestrator's id in heartbeats
 * @param transactionalId the Kafka transactional id; a restarted orchestrator with the same id fences the old one
 * @param leaseTimeout a trainer silent this long loses its trials
 * @param agingStep see {@link SchedulerConfig#agingStep()}
 * @param starvationAfter see {@link SchedulerConfig#starvationAfter()}
 * @param tickInterval how often the scheduler runs when no event arrives
 * @param heartbeatInterval how often the orchestrator announces itself on shears.fleet
 * @param paths where specs may point datasets and models
 * @param limits bounds on spec documents (the REST body limit is {@link SpecLimits#maxDocumentBytes()})
 * @param createTopics whether to create missing topics of the catalogue at start
 */
public record OrchestratorConfig(
    String bootstrap,
    String host,
    int port,
    String token,
    String instanceId,
    String transactionalId,
    Duration leaseTimeout,
    Duration agingStep,
    Duration starvationAfter,
    Duration tickInterval,
    Duration heartbeatInterval,
    PathRoots paths,
    SpecLimits limits,
    boolean createTopics) {

  public static final String BOOTSTRAP = "orchestrator.bootstrap";
  public static final String PORT = "orchestrator.port";
  public static final String TOKEN = "orchestrator.token";
  public static final String LEASE_TIMEOUT = "orchestrator.lease.timeout";
  public static final int DEFAULT_PORT = 8081;

  public OrchestratorConfig {
    List<String> problems = new ArrayList<>();
    if (bootstrap == null || bootstrap.isBlank()) {
      problems.add("Invalid value " + bootstrap + " for configuration " + BOOTSTRAP + ": give host:port of a broker");
    }
    if (port < 0 || port > 65_535) {
      problems.add("Invalid value " + port + " for configuration " + PORT + ": must be in [0, 65535]");
    }
    if (token == null || token.isBlank()) {
      problems.add("Invalid value (none) for configuration " + TOKEN
          + ": mutations need a bearer token; set SHEARS_TOKEN or pass --token");
    }
    if (host == null || host.isBlank() || instanceId == null || instanceId.isBlank() || transactionalId == null
        || transactionalId.isBlank()) {
      problems.add("Invalid host, instance id or transactional id: must not be blank");
    }
    for (Duration d : new Duration[] {leaseTimeout, agingStep, starvationAfter, tickInterval, heartbeatInterval}) {
      if (d == null || d.isNegative() || d.isZero()) {
        problems.add("Invalid value " + d + " for a duration of configuration " + LEASE_TIMEOUT
            + " or the scheduler intervals: must be positive");
        break;
      }
    }
    if (paths == null || limits == null) {
      problems.add("Invalid configuration: path policy and spec limits are required");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  /** The scheduling core's part of this configuration. */
  public SchedulerConfig scheduler() {
    return new SchedulerConfig(leaseTimeout, agingStep, starvationAfter);
  }

  /** A builder with the defaults: 127.0.0.1:8081, 30 s lease, data and models under the working directory. */
  public static Builder builder(String bootstrap, String token) {
    return new Builder(bootstrap, token);
  }

  /** Builds an {@link OrchestratorConfig}; {@link #build()} validates. */
  public static final class Builder {
    private final String bootstrap;
    private final String token;
    private String host = "127.0.0.1";
    private int port = DEFAULT_PORT;
    private String instanceId = "orchestrator";
    private String transactionalId = "shears-orchestrator";
    private Duration leaseTimeout = SchedulerConfig.DEFAULT.leaseTimeout();
    private Duration agingStep = SchedulerConfig.DEFAULT.agingStep();
    private Duration starvationAfter = SchedulerConfig.DEFAULT.starvationAfter();
    private Duration tickInterval = Duration.ofMillis(200);
    private Duration heartbeatInterval = Duration.ofSeconds(2);
    private PathRoots paths = PathRoots.under(Path.of(""));
    private SpecLimits limits = SpecLimits.DEFAULT;
    private boolean createTopics = true;

    private Builder(String bootstrap, String token) {
      this.bootstrap = bootstrap;
      this.token = token;
    }

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder instanceId(String instanceId) {
      this.instanceId = instanceId;
      return this;
    }

    public Builder transactionalId(String transactionalId) {
      this.transactionalId = transactionalId;
      return this;
    }

    public Builder leaseTimeout(Duration leaseTimeout) {
      this.leaseTimeout = leaseTimeout;
      return this;
    }

    public Builder agingStep(Duration agingStep) {
      this.agingStep = agingStep;
      return this;
    }

    public Builder starvationAfter(Duration starvationAfter) {
      this.starvationAfter = starvationAfter;
      return this;
    }

    public Builder tickInterval(Duration tickInterval) {
      this.tickInterval = tickInterval;
      return this;
    }

    public Builder heartbeatInterval(Duration heartbeatInterval) {
      this.heartbeatInterval = heartbeatInterval;
      return this;
    }

    /** Allowed roots for dataset and model paths in specs. */
    public Builder roots(List<Path> dataRoots, List<Path> modelRoots) {
      this.paths = new PathRoots(dataRoots, modelRoots);
      return this;
    }

    public Builder limits(SpecLimits limits) {
      this.limits = limits;
      return this;
    }

    public Builder createTopics(boolean createTopics) {
      this.createTopics = createTopics;
      return this;
    }

    public OrchestratorConfig build() {
      return new OrchestratorConfig(bootstrap, host, port, token, instanceId, transactionalId, leaseTimeout,
          agingStep, starvationAfter, tickInterval, heartbeatInterval, paths, limits, createTopics);
    }
  }
}
