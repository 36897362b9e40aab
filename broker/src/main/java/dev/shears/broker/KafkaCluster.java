package dev.shears.broker;

import dev.shears.broker.internal.Ports;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A real multi-node Apache Kafka cluster on this machine: N KRaft nodes, each broker and controller, in their
 * own child JVMs, sharing one cluster id and a static controller quorum.
 *
 * <pre>{@code
 * try (KafkaCluster cluster = KafkaCluster.builder().nodes(3).dataDir(dir).build().start()) {
 *     cluster.createTopics(List.of(new NewTopic("shears.trials", 6, (short) 3)));
 *     cluster.kill(cluster.leaderOf("shears.trials", 0));   // SIGKILL, as a crash would
 *     cluster.restart(...);
 * }
 * }</pre>
 *
 * <p>With three nodes or more, internal and new topics default to 3 replicas and {@code min.insync.replicas} 2,
 * so a node may die without losing a record acknowledged with {@code acks=all}. Node {@code i} (0-based) has
 * node id {@code i + 1} and keeps its data in {@code dataDir/node-<id>}; its ports are chosen free at the first
 * {@link #start()} and kept for the cluster's life, so a restarted node is found where it was.
 */
public final class KafkaCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaCluster.class);

  private final Settings settings;
  private final List<KafkaBroker> nodes = new ArrayList<>();
  private final List<String> addresses = new ArrayList<>();

  private KafkaCluster(Settings settings) {
    this.settings = settings;
  }

  /** A builder with the defaults: 3 nodes, free ports on 127.0.0.1, data under {@code .shears/kafka-cluster}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts every node at once (a node is ready only when a majority of the controllers runs) and waits until
   * each answers metadata requests with the whole cluster.
   *
   * @return this cluster, started
   * @throws KafkaBrokerException when a node cannot start; no node is left running
   * @throws IllegalStateException when it is already started
   */
  public synchronized KafkaCluster start() {
    if (!nodes.isEmpty()) {
      throw new IllegalStateException("Kafka cluster is already started at " + bootstrapServers());
    }
    int n = settings.nodes();
    int[] ports = Ports.pickFree(settings.host(), 2 * n);
    String voters = IntStream.range(0, n)
        .mapToObj(i -> (i + 1) + "@" + settings.host() + ":" + ports[2 * i + 1])
        .collect(Collectors.joining(","));
    for (int i = 0; i < n; i++) {
      KafkaBroker.Builder b = KafkaBroker.builder()
          .dataDir(settings.dataDir().resolve("node-" + (i + 1)))
          .host(settings.host())
          .port(ports[2 * i])
          .controllerPort(ports[2 * i + 1])
          .nodeId(i + 1)
          .controllerQuorumVoters(voters)
          .clusterId(settings.clusterId())
          .startupTimeout(settings.startupTimeout())
          .shutdownTimeout(settings.shutdownTimeout())
          .jvmOptions(settings.jvmOptions());
      settings.brokerProperties().forEach(b::brokerProperty);
      if (settings.classPath() != null) {
        b.classPath(settings.classPath());
      }
      nodes.add(b.build());
      addresses.add(settings.host() + ":" + ports[2 * i]);
    }
    long started = System.nanoTime();
    try {
      onEveryNode(KafkaBroker::start, "start");
    } catch (RuntimeException e) {
      onEveryNode(node -> {
        node.stop();
        return node;
      }, "stop");
      nodes.clear();
      addresses.clear();
      throw e;
    }
    awaitBrokers(n, settings.startupTimeout());
    LOG.info("Kafka cluster {} of {} nodes ready at {} in {} ms", settings.clusterId(), n, bootstrapServers(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    return this;
  }

  /** {@code host:port} of every node's client listener, running or not, for {@code bootstrap.servers}. */
  public synchronized String bootstrapServers() {
    requireStarted();
    return String.join(",", addresses);
  }

  /** How many nodes the cluster has. */
  public int size() {
    return settings.nodes();
  }

  /** The cluster id every node was formatted with. */
  public String clusterId() {
    return settings.clusterId();
  }

  /** Node {@code index} (0-based; its node id is {@code index + 1}). */
  public synchronized KafkaBroker node(int index) {
    requireStarted();
    Objects.checkIndex(index, nodes.size());
    return nodes.get(index);
  }

  /** True while node {@code index} runs. */
  public synchronized boolean isRunning(int index) {
    return node(index).isRunning();
  }

  /** Kills node {@code index} at once (SIGKILL), as a crash would. */
  public void kill(int index) {
    KafkaBroker node = node(index);
    LOG.info("Killing Kafka node {} (pid {})", node.nodeId(), node.isRunning() ? node.pid() : "none");
    node.kill();
  }

  /** Stops node {@code index} cleanly (SIGTERM, controlled shutdown). */
  public void stop(int index) {
    node(index).stop();
  }

  /**
   * Starts node {@code index} again on its data directory and ports, and waits until it is ready.
   *
   * @throws IllegalStateException when it is running
   */
  public void restart(int index) {
    node(index).start();
  }

  /**
   * The index of the node leading {@code topic}'s partition {@code partition} now.
   *
   * @throws KafkaBrokerException when the partition has no leader within the startup timeout
   */
  public int leaderOf(String topic, int partition) {
    long deadline = System.nanoTime() + settings.startupTimeout().toNanos();
    Exception last = null;
    try (Admin admin = admin()) {
      while (System.nanoTime() < deadline) {
        try {
          TopicDescription d = get(admin.describeTopics(List.of(topic)).allTopicNames())
              .get(topic);
          Node leader = d.partitions().get(partition).leader();
          if (leader != null && !leader.isEmpty()) {
            return leader.id() - 1;
          }
        } catch (ExecutionException | TimeoutException e) {
          last = e;
        }
        pause();
      }
    }
    throw new KafkaBrokerException("Partition " + topic + "-" + partition + " has no leader after "
        + settings.startupTimeout(), last);
  }

  /**
   * Creates the topics that do not exist yet and waits until every replica of every partition of every named
   * topic is in sync.
   *
   * @throws KafkaBrokerException when a topic cannot be created or its replicas do not catch up in time
   */
  public void createTopics(Collection<NewTopic> topics) {
    KafkaBroker running;
    synchronized (this) {
      requireStarted();
      running = nodes.stream().filter(KafkaBroker::isRunning).findFirst()
          .orElseThrow(() -> new KafkaBrokerException("No node of the Kafka cluster is running"));
    }
    running.createTopics(topics);
    awaitInSync(topics.stream().map(NewTopic::name).collect(Collectors.toSet()), settings.startupTimeout());
  }

  /**
   * Waits until every partition of {@code topics} has all its replicas in sync, e.g. after a node restarted.
   *
   * @throws KafkaBrokerException naming the lagging partitions when they have not caught up in time
   */
  public void awaitInSync(Set<String> topics, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String lagging = "(not described yet)";
    try (Admin admin = admin()) {
      while (System.nanoTime() < deadline) {
        try {
          Map<String, TopicDescription> described = get(admin.describeTopics(topics).allTopicNames());
          List<String> behind = new ArrayList<>();
          described.forEach((name, d) -> {
            for (TopicPartitionInfo p : d.partitions()) {
              if (p.leader() == null || p.isr().size() < p.replicas().size()) {
                behind.add(name + "-" + p.partition() + " isr " + ids(p.isr()) + " of " + ids(p.replicas()));
              }
            }
          });
          if (behind.isEmpty()) {
            return;
          }
          lagging = String.join(", ", behind);
        } catch (ExecutionException | TimeoutException e) {
          lagging = e.toString();
        }
        pause();
      }
    }
    throw new KafkaBrokerException("Replicas not in sync after " + timeout + ": " + lagging);
  }

  /** Stops every node at once, cleanly where a node manages within the shutdown timeout. */
  public synchronized void stop() {
    if (nodes.isEmpty()) {
      return;
    }
    onEveryNode(node -> {
      node.stop();
      return node;
    }, "stop");
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  @Override
  public synchronized String toString() {
    return "KafkaCluster[" + settings.nodes() + " nodes, " + (nodes.isEmpty() ? "not started"
        : String.join(",", addresses)) + ", " + settings.dataDir() + "]";
  }

  /** Runs {@code action} on every node in parallel and rethrows the first failure after all have finished. */
  private void onEveryNode(Function<KafkaBroker, ?> action, String what) {
    ExecutorService pool = Executors.newFixedThreadPool(nodes.size(), r -> {
      Thread t = new Thread(r, "shears-cluster-" + what);
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (KafkaBroker node : nodes) {
        futures.add(pool.submit(() -> action.apply(node)));
      }
      RuntimeException first = null;
      for (int i = 0; i < futures.size(); i++) {
        try {
          futures.get(i).get();
        } catch (ExecutionException e) {
          RuntimeException failure = e.getCause() instanceof RuntimeException r ? r
              : new KafkaBrokerException("Cannot " + what + " Kafka node " + (i + 1) + ": " + e.getCause(),
                  e.getCause());
          if (first == null) {
            first = failure;
          } else {
            first.addSuppressed(failure);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new KafkaBrokerException("Interrupted while waiting to " + what + " the Kafka cluster", e);
        }
      }
      if (first != null) {
        throw first;
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private void awaitBrokers(int expected, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = 0;
    try (Admin admin = admin()) {
      while (System.nanoTime() < deadline) {
        try {
          seen = get(admin.describeCluster().nodes()).size();
          if (seen == expected) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          // Not all registered yet.
        }
        pause();
      }
    }
    stop();
    throw new KafkaBrokerException("Only " + seen + " of " + expected + " Kafka nodes registered within "
        + timeout + "; see the broker.log of each node under " + settings.dataDir());
  }

  private Admin admin() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    c.put(AdminClientConfig.CLIENT_ID_CONFIG, "shears-cluster-admin");
    c.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50);
    c.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 250);
    c.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 50);
    c.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 250);
    c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
    c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
    return Admin.create(c);
  }

  private static <T> T get(KafkaFuture<T> future) throws ExecutionException, TimeoutException {
    try {
      return future.get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaBrokerException("Interrupted while waiting for the Kafka cluster", e);
    }
  }

  private static String ids(List<Node> nodes) {
    return nodes.stream().map(n -> Integer.toString(n.id())).collect(Collectors.joining(",", "[", "]"));
  }

  private synchronized void requireStarted() {
    if (nodes.isEmpty()) {
      throw new IllegalStateException("Kafka cluster in " + settings.dataDir() + " is not started; call start()");
    }
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaBrokerException("Interrupted while waiting for the Kafka cluster", e);
    }
  }

  private record Settings(int nodes, Path dataDir, String host, String clusterId, Duration startupTimeout,
              Duration shutdownTimeout, Map<String, String> brokerProperties, List<String> jvmOptions,
              String classPath) {
  }

  /** Builds a {@link KafkaCluster}; {@link #build()} validates and names any bad value. */
  public static final class Builder {
    private int nodes = 3;
    private Path dataDir = Path.of(".shears", "kafka-cluster");
    private String host = "127.0.0.1";
    private String clusterId;
    private Duration startupTimeout = Duration.ofSeconds(90);
    private Duration shutdownTimeout = Duration.ofSeconds(15);
    private final Map<String, String> brokerProperties = new LinkedHashMap<>();
    private List<String> jvmOptions = KafkaBroker.DEFAULT_JVM_OPTIONS;
    private String classPath;

    private Builder() {
    }

    /** How many nodes; default 3. */
    public Builder nodes(int nodes) {
      this.nodes = nodes;
      return this;
    }

    /** The parent of the nodes' data directories ({@code node-1}, {@code node-2}…). */
    public Builder dataDir(Path dataDir) {
      this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
      return this;
    }

    /** The interface every node binds and advertises; default 127.0.0.1. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The cluster id (22 characters of URL-safe base64); default a random one. */
    public Builder clusterId(String clusterId) {
      this.clusterId = Objects.requireNonNull(clusterId, "clusterId");
      return this;
    }

    /** How long start-up, a restart and waits on leaders and replicas may take; default 90 s. */
    public Builder startupTimeout(Duration timeout) {
      this.startupTimeout = Objects.requireNonNull(timeout, "startupTimeout");
      return this;
    }

    /** How long a node's clean shutdown may take before it is killed; default 15 s. */
    public Builder shutdownTimeout(Duration timeout) {
      this.shutdownTimeout = Objects.requireNonNull(timeout, "shutdownTimeout");
      return this;
    }

    /** Sets a Kafka configuration on every node; replication defaults follow the node count otherwise. */
    public Builder brokerProperty(String key, String value) {
      brokerProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** The JVM options of every node; default {@link KafkaBroker#DEFAULT_JVM_OPTIONS}. */
    public Builder jvmOptions(List<String> options) {
      this.jvmOptions = List.copyOf(options);
      return this;
    }

    /** The nodes' class path; see {@link KafkaBroker.Builder#classPath}. */
    public Builder classPath(String classPath) {
      this.classPath = Objects.requireNonNull(classPath, "classPath");
      return this;
    }

    /** Validates the settings (each node's as {@link KafkaBroker.Builder#build()} does); nothing starts. */
    public KafkaCluster build() {
      if (nodes < 1 || nodes > 9) {
        throw new IllegalArgumentException("Invalid value " + nodes + " for nodes: must be 1-9");
      }
      String id = clusterId != null ? clusterId : Uuid.randomUuid().toString();
      // Fails on a bad host, cluster id, timeout or reserved property, naming it.
      KafkaBroker.Builder probe = KafkaBroker.builder().host(host).clusterId(id).startupTimeout(startupTimeout)
          .shutdownTimeout(shutdownTimeout).jvmOptions(jvmOptions);
      brokerProperties.forEach(probe::brokerProperty);
      probe.build();
      return new KafkaCluster(new Settings(nodes, dataDir.toAbsolutePath().normalize(), host, id, startupTimeout,
          shutdownTimeout, Map.copyOf(brokerProperties), jvmOptions, classPath));
    }
  }
}
