package dev.shears.broker;

import dev.shears.broker.internal.BrokerLayout;
import dev.shears.broker.internal.BrokerMain;
import dev.shears.broker.internal.ChildClassPath;
import dev.shears.broker.internal.LogTail;
import dev.shears.broker.internal.Ports;
import dev.shears.broker.internal.QuorumVoters;
import dev.shears.broker.internal.ServerProperties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Apache Kafka node (KRaft, broker and controller in one process) running in a child JVM: a single-node
 * cluster by default, or one node of a static quorum ({@link Builder#controllerQuorumVoters}); see
 * {@link KafkaCluster} for several on one machine.
 *
 * <pre>{@code
 * try (KafkaBroker broker = KafkaBroker.builder().dataDir(Path.of(".shears/kafka")).build().start()) {
 *     broker.createTopics(List.of(new NewTopic("shears.trials", 3, (short) 1)));
 *     String bootstrap = broker.bootstrapServers();
 * }
 * }</pre>
 *
 * <p>The data directory keeps the cluster id, Kafka's logs ({@code logs/}), {@code server.properties}, the
 * broker's log ({@code broker.log}) and the JVM's console output ({@code broker.out}). Starting again on the
 * same directory keeps every record. The child JVM ends when this JVM ends, even when this one is killed.
 * A stopped broker may be started again; with port 0 it prefers the ports it had before.
 */
public final class KafkaBroker implements AutoCloseable {

  /** Data directory used when none is given, relative to the working directory. */
  public static final Path DEFAULT_DATA_DIR = Path.of(".shears", "kafka");
  /** JVM options of the broker process when none are given: full tiered compilation for a long-lived broker. */
  public static final List<String> DEFAULT_JVM_OPTIONS = List.of(
      "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true");
  /**
   * JVM options for short-lived brokers (tests): C1 only. On two busy cores this started a broker in 4-5 s
   * against 6-13 s with C2, with no measurable difference in broker CPU per record at 100k records/s.
   */
  public static final List<String> FAST_START_JVM_OPTIONS = List.of(
      "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError",
      "-Djava.awt.headless=true");

  private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);
  private static final String LOG_CONFIG = "dev/shears/broker/internal/broker-log4j2.properties";
  private static final int TAIL_LINES = 25;
  private static final Pattern BIND_FAILURE =
      Pattern.compile("(?:bind to|binding to) \\S*?:(\\d+)|Address already in use");

  private final Settings settings;
  private final BrokerLayout layout;

  private Process process;
  private OutputStream parentPipe;
  private Admin admin;
  private int brokerPort;
  private int controllerPort;
  /** Size of broker.log when the current process started: error messages show only what it wrote. */
  private long logOffset;

  private KafkaBroker(Settings settings) {
    this.settings = settings;
    this.layout = new BrokerLayout(settings.dataDir());
  }

  /** A builder with the defaults: {@link #DEFAULT_DATA_DIR}, free ports on 127.0.0.1. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts the broker and waits until it answers metadata requests; formats the storage on first start.
   *
   * @return this broker, started
   * @throws KafkaBrokerException  when the data directory is unusable, a requested port is taken, the process
   *                               exits during start-up or is not ready in time; no process is left running
   * @throws IllegalStateException when it is already running
   */
  public synchronized KafkaBroker start() {
    if (isRunning()) {
      throw new IllegalStateException("Kafka broker is already running at " + bootstrapServers());
    }
    long started = System.nanoTime();
    prepareDataDir();
    String clusterId = resolveClusterId();
    String classPath = ChildClassPath.resolve(settings.classPath(), System.getProperties(), System.getenv());
    boolean freePorts = settings.port() == 0 || settings.controllerPort() == 0;
    int attempts = freePorts ? 3 : 1;
    for (int attempt = 1; ; attempt++) {
      choosePorts(attempt > 1);
      try {
        launch(clusterId, classPath);
        awaitReady(started);
        break;
      } catch (PortRace race) {
        if (attempt >= attempts) {
          throw race.failure;
        }
        LOG.info("Port {} was taken before the broker bound it; retrying with other ports", race.port);
      }
    }
    LOG.info("Kafka node {} of cluster {} ready at {} in {} ms (pid {}, data {})", settings.nodeId(), clusterId,
        bootstrapServers(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), process.pid(), layout.dataDir());
    Process watched = process;
    watched.onExit().thenAccept(this::reportUnexpectedExit);
    return this;
  }

  /**
   * Stops the broker: SIGTERM (Kafka shuts down cleanly), then a forced kill if it has not exited within the
   * shutdown timeout. Does nothing when it is not running.
   */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    closeAdmin();
    try {
      if (process.isAlive()) {
        process.destroy();
        if (!process.waitFor(settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
          LOG.warn("Kafka broker pid {} did not stop within {}; killing it", process.pid(),
              settings.shutdownTimeout());
          kill();
        }
      }
    } catch (InterruptedException e) {
      kill();
      Thread.currentThread().interrupt();
    } finally {
      closePipe();
      process = null;
    }
  }

  private synchronized void reportUnexpectedExit(Process exited) {
    if (exited == process) {
      LOG.error("Kafka broker pid {} exited unexpectedly with status {}; see {}", exited.pid(), exited.exitValue(),
          layout.brokerLog());
    }
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  /** True while the broker process started by {@link #start()} is alive. */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** {@code host:port} of the client listener as advertised, for {@code bootstrap.servers}. */
  public synchronized String bootstrapServers() {
    requireRunning();
    return settings.advertisedHost() + ":" + brokerPort;
  }

  /** The KRaft controller listener's port. */
  public synchronized int controllerPort() {
    requireRunning();
    return controllerPort;
  }

  /** This node's id ({@code node.id}). */
  public int nodeId() {
    return settings.nodeId();
  }

  /**
   * The cluster id this node was formatted with, as recorded in its data directory.
   *
   * @throws IllegalStateException when the node has never been started on this directory
   */
  public String clusterId() {
    try {
      return Files.readString(layout.clusterIdFile(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new IllegalStateException("No cluster id in " + layout.dataDir() + " yet; call start()", e);
    }
  }

  /**
   * Kills the broker process at once (SIGKILL), as a crash or power loss would: no controlled shutdown, nothing
   * flushed beyond what the OS already holds. Does nothing when it is not running. It may be started again.
   */
  public synchronized void kill() {
    closeAdmin();
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    closePipe();
    process = null;
  }

  /** The client listener's port. */
  public synchronized int port() {
    requireRunning();
    return brokerPort;
  }

  /** The process id of the broker JVM. */
  public synchronized long pid() {
    requireRunning();
    return process.pid();
  }

  /** The data directory, absolute. */
  public Path dataDir() {
    return layout.dataDir();
  }

  /** The broker's own log file. */
  public Path logFile() {
    return layout.brokerLog();
  }

  /**
   * Creates the topics that do not exist yet (existing ones are left as they are) and waits until every
   * partition of every named topic has a leader.
   *
   * @throws KafkaBrokerException when a topic cannot be created, naming it and the reason
   */
  public synchronized void createTopics(Collection<NewTopic> topics) {
    requireRunning();
    if (!process.isAlive()) {
      throw new KafkaBrokerException("Kafka broker process " + process.pid() + " exited with status "
          + process.exitValue() + "; cannot create topics" + tails());
    }
    Set<String> names = new HashSet<>();
    for (NewTopic topic : topics) {
      if (!names.add(topic.name())) {
        throw new IllegalArgumentException("Topic " + topic.name() + " is listed twice");
      }
    }
    if (names.isEmpty()) {
      return;
    }
    long deadline = System.nanoTime() + settings.startupTimeout().toNanos();
    Map<String, KafkaFuture<Void>> created = admin.createTopics(topics,
        new CreateTopicsOptions().timeoutMs(millisUntil(deadline))).values();
    for (Map.Entry<String, KafkaFuture<Void>> e : created.entrySet()) {
      try {
        e.getValue().get(millisUntil(deadline), TimeUnit.MILLISECONDS);
      } catch (ExecutionException ex) {
        if (!(ex.getCause() instanceof TopicExistsException)) {
          throw new KafkaBrokerException("Cannot create topic " + e.getKey() + ": "
              + ex.getCause().getMessage(), ex.getCause());
        }
      } catch (TimeoutException ex) {
        throw new KafkaBrokerException("Creating topic " + e.getKey() + " took longer than "
            + settings.startupTimeout(), ex);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new KafkaBrokerException("Interrupted while creating topic " + e.getKey(), ex);
      }
    }
    awaitLeaders(names, deadline);
  }

  @Override
  public synchronized String toString() {
    return "KafkaBroker[" + (isRunning() ? settings.host() + ":" + brokerPort + ", pid " + process.pid()
        : "stopped") + ", " + layout.dataDir() + "]";
  }

  private void awaitLeaders(Set<String> names, long deadline) {
    Exception last = null;
    while (true) {
      try {
        Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames()
            .get(Math.max(1, millisUntil(deadline)), TimeUnit.MILLISECONDS);
        if (described.values().stream().flatMap(d -> d.partitions().stream())
            .map(TopicPartitionInfo::leader).allMatch(l -> l != null && !l.isEmpty())) {
          return;
        }
      } catch (ExecutionException | TimeoutException e) {
        last = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KafkaBrokerException("Interrupted while waiting for leaders of " + names, e);
      }
      if (System.nanoTime() > deadline) {
        throw new KafkaBrokerException("Topics " + names + " have no leader after "
            + settings.startupTimeout(), last);
      }
      pause(20);
    }
  }

  private void prepareDataDir() {
    Path dir = layout.dataDir();
    try {
      Files.createDirectories(dir);
      Files.createDirectories(layout.logDirs());
    } catch (IOException e) {
      throw new KafkaBrokerException("Kafka data directory " + dir + " cannot be created ("
          + reason(e) + "); choose a writable directory");
    }
    try {
      Files.delete(Files.createTempFile(dir, ".write-check", ""));
    } catch (IOException e) {
      throw new KafkaBrokerException("Kafka data directory " + dir + " is not writable ("
          + reason(e) + "); choose a writable directory");
    }
  }

  private String resolveClusterId() {
    Path file = layout.clusterIdFile();
    String wanted = settings.clusterId();
    try {
      if (Files.exists(file)) {
        String id = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (id.isEmpty()) {
          throw new KafkaBrokerException("Cluster id file " + file + " is empty; delete it to let the"
              + " broker read the id from " + layout.logDirs().resolve("meta.properties"));
        }
        requireSameCluster(id, wanted);
        return id;
      }
      Optional<String> existing = existingClusterId();
      if (existing.isPresent()) {
        requireSameCluster(existing.get(), wanted);
      }
      String id = existing.or(() -> Optional.ofNullable(wanted)).orElseGet(() -> Uuid.randomUuid().toString());
      Files.writeString(file, id + System.lineSeparator(), StandardCharsets.UTF_8);
      return id;
    } catch (IOException e) {
      throw new KafkaBrokerException("Cannot read or write cluster id file " + file + " (" + reason(e) + ")");
    }
  }

  private void requireSameCluster(String found, String wanted) {
    if (wanted != null && !wanted.equals(found)) {
      throw new KafkaBrokerException("Kafka data directory " + layout.dataDir() + " belongs to cluster " + found
          + ", not " + wanted + "; use an empty data directory for a new cluster or pass cluster id " + found);
    }
  }

  /** The id of a directory formatted before the cluster id file existed. */
  private Optional<String> existingClusterId() throws IOException {
    Path meta = layout.logDirs().resolve("meta.properties");
    if (!Files.exists(meta)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(meta)) {
      p.load(in);
    }
    return Optional.ofNullable(p.getProperty("cluster.id"));
  }

  private void choosePorts(boolean retry) {
    String host = settings.host();
    int wantedBroker = settings.port();
    int wantedController = settings.controllerPort();
    for (int port : new int[] {wantedBroker, wantedController}) {
      if (port != 0 && !Ports.isFree(host, port)) {
        throw new KafkaBrokerException("Kafka port " + port + " on " + host
            + " is already in use; stop what holds it or use port 0 for a free one");
      }
    }
    boolean reuse = !retry && brokerPort != 0;
    int[] free = Ports.pickFree(host, 2);
    brokerPort = wantedBroker != 0 ? wantedBroker
        : reuse && brokerPort != wantedController && Ports.isFree(host, brokerPort) ? brokerPort : free[0];
    controllerPort = wantedController != 0 ? wantedController
        : reuse && controllerPort != brokerPort && Ports.isFree(host, controllerPort) ? controllerPort
        : free[1] != brokerPort ? free[1] : free[0];
  }

  private void launch(String clusterId, String classPath) {
    Map<String, String> props = ServerProperties.of(settings.nodeId(), settings.voters(), settings.host(),
        settings.advertisedHost(), brokerPort, controllerPort, settings.external(), layout,
        settings.brokerProperties());
    try (Writer w = Files.newBufferedWriter(layout.serverProperties(), StandardCharsets.UTF_8)) {
      for (Map.Entry<String, String> e : props.entrySet()) {
        w.write(e.getKey() + "=" + e.getValue().replace("\\", "\\\\") + "\n");
      }
    } catch (IOException e) {
      throw new KafkaBrokerException("Cannot write " + layout.serverProperties() + " (" + reason(e) + ")");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(settings.jvmOptions());
    command.add("-Dlog4j2.configurationFile=" + LOG_CONFIG);
    command.add("-Dlog4j2.shutdownHookEnabled=false");
    command.add("-Dshears.broker.log=" + layout.brokerLog());
    command.add("-cp");
    command.add(classPath);
    command.add(BrokerMain.class.getName());
    command.add(Long.toString(ProcessHandle.current().pid()));
    command.add(layout.serverProperties().toString());
    command.add(clusterId);
    logOffset = LogTail.sizeOf(layout.brokerLog());
    try {
      process = new ProcessBuilder(command)
          .directory(layout.dataDir().toFile())
          .redirectErrorStream(true)
          .redirectOutput(layout.processOutput().toFile())
          .start();
    } catch (IOException e) {
      throw new KafkaBrokerException("Cannot start the broker JVM " + command.get(0) + " (" + reason(e) + ")");
    }
    // The child watches this pipe: when this JVM dies the kernel closes it and the broker exits.
    parentPipe = process.getOutputStream();
  }

  private void awaitReady(long started) {
    long deadline = started + settings.startupTimeout().toNanos();
    try {
      awaitListener(deadline);
      admin = Admin.create(adminConfig());
      Exception last = null;
      while (true) {
        failIfExited();
        try {
          Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000))
              .nodes().get(2, TimeUnit.SECONDS);
          if (!nodes.isEmpty()) {
            admin.listTopics().names().get(Math.max(1, millisUntil(deadline)), TimeUnit.MILLISECONDS);
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          last = e;
        }
        if (System.nanoTime() > deadline) {
          throw new KafkaBrokerException("Kafka broker at " + settings.host() + ":" + brokerPort
              + " was not ready within " + settings.startupTimeout() + " (last error: " + last
              + ")" + tails(), last);
        }
        process.waitFor(100, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      kill();
      Thread.currentThread().interrupt();
      throw new KafkaBrokerException("Interrupted while starting the Kafka broker", e);
    } catch (RuntimeException e) {
      kill();
      throw e;
    }
  }

  private void awaitListener(long deadline) throws InterruptedException {
    while (true) {
      failIfExited();
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(localHost(), brokerPort), 200);
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw new KafkaBrokerException("Kafka broker did not listen on " + settings.host() + ":"
              + brokerPort + " within " + settings.startupTimeout() + tails());
        }
      }
      process.waitFor(50, TimeUnit.MILLISECONDS);
    }
  }

  private void failIfExited() {
    if (process.isAlive()) {
      return;
    }
    String tails = tails();
    KafkaBrokerException failure = new KafkaBrokerException("Kafka broker process " + process.pid()
        + " exited with status " + process.exitValue() + " during start-up (data " + layout.dataDir() + ")"
        + tails);
    Matcher m = BIND_FAILURE.matcher(tails);
    if (m.find()) {
      int port = m.group(1) != null ? Integer.parseInt(m.group(1)) : brokerPort;
      KafkaBrokerException named = new KafkaBrokerException("Kafka port " + port + " on " + settings.host()
          + " is already in use; stop what holds it or use port 0 for a free one" + tails);
      closePipe();
      process = null;
      throw new PortRace(port, named);
    }
    throw failure;
  }

  private String tails() {
    StringBuilder sb = new StringBuilder();
    String log = LogTail.of(layout.brokerLog(), logOffset, TAIL_LINES);
    String out = LogTail.of(layout.processOutput(), 0, TAIL_LINES);
    if (!log.isEmpty()) {
      sb.append(System.lineSeparator()).append("--- last lines of ").append(layout.brokerLog()).append(" ---")
          .append(System.lineSeparator()).append(log);
    }
    if (!out.isEmpty()) {
      sb.append(System.lineSeparator()).append("--- last lines of ").append(layout.processOutput())
          .append(" ---").append(System.lineSeparator()).append(out);
    }
    return sb.toString();
  }

  private Map<String, Object> adminConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, localHost() + ":" + brokerPort);
    c.put(AdminClientConfig.CLIENT_ID_CONFIG, "shears-broker-admin");
    c.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50);
    c.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 250);
    c.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 50);
    c.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 250);
    c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
    c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) settings.startupTimeout().toMillis());
    return c;
  }

  private void closeAdmin() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
      admin = null;
    }
  }

  private void closePipe() {
    if (parentPipe != null) {
      try {
        parentPipe.close();
      } catch (IOException e) {
        // The child is gone or going; its end of the pipe no longer matters.
      }
      parentPipe = null;
    }
  }

  /** Where this machine reaches the listeners: the bound interface, or loopback when bound to all of them. */
  private String localHost() {
    String host = settings.host();
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") ? "127.0.0.1" : host;
  }

  private void requireRunning() {
    if (process == null) {
      throw new IllegalStateException("Kafka broker for " + layout.dataDir() + " is not running; call start()");
    }
  }

  private static int millisUntil(long deadline) {
    return (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaBrokerException("Interrupted while waiting for the Kafka broker", e);
    }
  }

  private static String reason(IOException e) {
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  /** The broker lost a race for a port chosen as free; {@link #start()} retries with other ports. */
  private static final class PortRace extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int port;
    private final transient KafkaBrokerException failure;

    PortRace(int port, KafkaBrokerException failure) {
      super(null, null, false, false);
      this.port = port;
      this.failure = failure;
    }
  }

  private record Settings(Path dataDir, String host, String advertisedHost, int port, int controllerPort,
              ServerProperties.ExternalListener external, int nodeId, QuorumVoters voters, String clusterId, Duration startupTimeout,
              Duration shutdownTimeout, Map<String, String> brokerProperties,
              List<String> jvmOptions, String classPath) {
  }

  /** Builds a {@link KafkaBroker}; {@link #build()} validates and names any bad value. */
  public static final class Builder {
    private Path dataDir = DEFAULT_DATA_DIR;
    private String host = "127.0.0.1";
    private String advertisedHost;
    private int port;
    private int controllerPort;
    private ServerProperties.ExternalListener external;
    private int nodeId = 1;
    private String voters;
    private String clusterId;
    private Duration startupTimeout = Duration.ofSeconds(90);
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    private final Map<String, String> brokerProperties = new LinkedHashMap<>();
    private List<String> jvmOptions = DEFAULT_JVM_OPTIONS;
    private String classPath;

    private Builder() {
    }

    /** Where the broker keeps its data; default {@link #DEFAULT_DATA_DIR}. */
    public Builder dataDir(Path dataDir) {
      this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
      return this;
    }

    /** The interface to bind and advertise; default 127.0.0.1. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /**
     * The name clients and the other nodes use to reach this one; default the {@link #host}. Set it when the
     * host is a wildcard such as 0.0.0.0.
     */
    public Builder advertisedHost(String advertisedHost) {
      this.advertisedHost = Objects.requireNonNull(advertisedHost, "advertisedHost");
      return this;
    }

    /** This node's id; default 1. With {@link #controllerQuorumVoters} it must be one of the voters. */
    public Builder nodeId(int nodeId) {
      this.nodeId = nodeId;
      return this;
    }

    /**
     * The static controller quorum of a multi-node cluster, Kafka's {@code controller.quorum.voters}:
     * {@code 1@host-1:9093,2@host-2:9093,3@host-3:9093}. This node's entry gives its controller port when
     * {@link #controllerPort} is 0. With three or more voters, internal and new topics default to 3 replicas
     * and {@code min.insync.replicas} 2. Default: this node alone.
     */
    public Builder controllerQuorumVoters(String voters) {
      this.voters = Objects.requireNonNull(voters, "voters");
      return this;
    }

    /**
     * The cluster id to format a new data directory with (22 characters of URL-safe base64, as
     * {@code kafka-storage random-uuid} prints); every node of a cluster needs the same one. Default: the id
     * already in the data directory, else a random one. A directory formatted for another id is refused.
     */
    public Builder clusterId(String clusterId) {
      this.clusterId = Objects.requireNonNull(clusterId, "clusterId");
      return this;
    }

    /**
     * A second client listener for clients outside the network the nodes share (e.g. the host of a container
     * engine): bound to {@link #host} at the port of {@code advertisedHostPort}, advertised as
     * {@code advertisedHostPort}.
     */
    public Builder externalListener(String advertisedHostPort) {
      this.external = ServerProperties.ExternalListener.parse(
          Objects.requireNonNull(advertisedHostPort, "advertisedHostPort"));
      return this;
    }

    /** The client listener's port; 0 (the default) picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The KRaft controller listener's port; 0 (the default) picks a free one. */
    public Builder controllerPort(int controllerPort) {
      this.controllerPort = controllerPort;
      return this;
    }

    /** How long {@link KafkaBroker#start()} and topic creation may take; default 90 s. */
    public Builder startupTimeout(Duration timeout) {
      this.startupTimeout = Objects.requireNonNull(timeout, "startupTimeout");
      return this;
    }

    /** How long a clean shutdown may take before the process is killed; default 30 s. */
    public Builder shutdownTimeout(Duration timeout) {
      this.shutdownTimeout = Objects.requireNonNull(timeout, "shutdownTimeout");
      return this;
    }

    /** Sets a Kafka broker configuration, e.g. {@code log.retention.hours}; listeners and paths are ours. */
    public Builder brokerProperty(String key, String value) {
      brokerProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Replaces {@link #DEFAULT_JVM_OPTIONS} for the broker JVM. */
    public Builder jvmOptions(List<String> options) {
      this.jvmOptions = List.copyOf(options);
      return this;
    }

    /**
     * The broker JVM's class path; by default the system property {@code shears.broker.classpath}, the
     * environment variable {@code SHEARS_BROKER_CLASSPATH}, or the class path recorded at build time.
     */
    public Builder classPath(String classPath) {
      this.classPath = Objects.requireNonNull(classPath, "classPath");
      return this;
    }

    /** Validates the settings; the broker is not started. */
    public KafkaBroker build() {
      List<String> problems = new ArrayList<>();
      checkPort(problems, "port", port);
      checkPort(problems, "controllerPort", controllerPort);
      if (nodeId < 0) {
        problems.add("Invalid value " + nodeId + " for nodeId: must be >= 0");
      }
      QuorumVoters quorum = null;
      int controller = controllerPort;
      if (voters != null) {
        try {
          quorum = QuorumVoters.parse(voters);
          Optional<QuorumVoters.Voter> self = quorum.voter(nodeId);
          if (self.isEmpty()) {
            problems.add("nodeId " + nodeId + " is not among the controller quorum voters " + quorum
                + "; every node of a combined cluster is a voter");
          } else if (controller == 0) {
            controller = self.get().port();
          } else if (controller != self.get().port()) {
            problems.add("controllerPort " + controller + " differs from port " + self.get().port()
                + " of node " + nodeId + " in the controller quorum voters " + quorum);
          }
        } catch (IllegalArgumentException e) {
          problems.add(e.getMessage());
        }
      }
      if (port != 0 && port == controller) {
        problems.add("port and controllerPort are both " + port + "; they must differ");
      }
      if (external != null) {
        checkPort(problems, "externalListener port", external.port());
        if (external.port() == 0 || external.port() == port || external.port() == controller) {
          problems.add("Invalid value " + external.port() + " for the external listener's port: it must be fixed"
              + " and differ from port and controllerPort");
        }
      }
      if (host.isBlank()) {
        problems.add("Invalid value '' for host: must name an interface, e.g. 127.0.0.1");
      }
      String advertised = advertisedHost != null ? advertisedHost : host;
      if (advertisedHost != null && advertisedHost.isBlank()) {
        problems.add("Invalid value '' for advertisedHost: must be a name or address clients can reach");
      } else if (advertisedHost == null && isWildcard(host)) {
        problems.add("host " + host + " binds every interface and cannot be advertised to clients;"
            + " set advertisedHost to this machine's name");
      }
      if (clusterId != null) {
        try {
          if (!Uuid.fromString(clusterId).toString().equals(clusterId)) {
            throw new IllegalArgumentException("not canonical");
          }
        } catch (IllegalArgumentException e) {
          problems.add("Invalid value '" + clusterId + "' for clusterId: must be 22 characters of URL-safe"
              + " base64 (16 bytes), e.g. " + Uuid.randomUuid() + " (kafka-storage random-uuid prints one)");
        }
      }
      checkPositive(problems, "startupTimeout", startupTimeout);
      checkPositive(problems, "shutdownTimeout", shutdownTimeout);
      for (String key : brokerProperties.keySet()) {
        if (ServerProperties.RESERVED.contains(key)) {
          problems.add("Broker property " + key + " is set from host, ports and dataDir;"
              + " use those builder methods instead");
        }
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", problems));
      }
      return new KafkaBroker(new Settings(dataDir, host, advertised, port, controller, external, nodeId, quorum,
          clusterId, startupTimeout, shutdownTimeout, Map.copyOf(brokerProperties), jvmOptions, classPath));
    }

    private static boolean isWildcard(String host) {
      return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    private static void checkPort(List<String> problems, String name, int value) {
      if (value < 0 || value > 65535) {
        problems.add("Invalid value " + value + " for " + name + ": must be 0 (a free port) or 1-65535");
      }
    }

    private static void checkPositive(List<String> problems, String name, Duration value) {
      if (value.isNegative() || value.isZero()) {
        problems.add("Invalid value " + value + " for " + name + ": must be positive");
      }
    }
  }
}
