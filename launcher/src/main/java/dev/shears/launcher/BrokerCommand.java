package dev.shears.launcher;

import dev.shears.broker.KafkaBroker;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shears broker}: one Apache Kafka node (KRaft, broker and controller in one process) in the foreground
 * until Ctrl-C or SIGTERM. Alone it is a single-node cluster; with {@code --controller-quorum-voters} and a shared
 * {@code --cluster-id} it is one node of a multi-host cluster, e.g. on three hosts:
 *
 * <pre>
 * shears broker --node-id 1 --host 0.0.0.0 --advertised-host kafka-1 --cluster-id ID \
 *     --controller-quorum-voters 1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093
 * </pre>
 */
@Command(name = "broker", mixinStandardHelpOptions = true,
    description = "Run one Kafka node (KRaft broker and controller): alone, or one node of a cluster.")
final class BrokerCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".shears/kafka",
      description = "Where the node keeps its logs and cluster id (default: ${DEFAULT-VALUE}).")
  private Path dataDir;

  @Option(names = "--host", defaultValue = "127.0.0.1",
      description = "Interface both listeners bind to (default: ${DEFAULT-VALUE}).")
  private String host;

  @Option(names = "--advertised-host", paramLabel = "NAME",
      description = "Name clients and the other nodes reach this one by (default: --host).")
  private String advertisedHost;

  @Option(names = "--port", defaultValue = "9092",
      description = "Client port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int port;

  @Option(names = "--controller-port", paramLabel = "PORT",
      description = "KRaft controller port; 0 picks a free one (default: this node's entry in"
          + " --controller-quorum-voters, else 9093).")
  private Integer controllerPort;

  @Option(names = "--external-listener", paramLabel = "HOST:PORT",
      description = "A second client listener for clients outside the nodes' network (a container engine's host):"
          + " bound to --host at PORT and advertised as HOST:PORT, e.g. localhost:19092.")
  private String externalListener;

  @Option(names = "--node-id", defaultValue = "1", description = "This node's id (default: ${DEFAULT-VALUE}).")
  private int nodeId;

  @Option(names = "--controller-quorum-voters", paramLabel = "ID@HOST:PORT,...",
      description = "Every node of the cluster and its controller address, e.g."
          + " 1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093 (default: this node alone). With 3 or more nodes, topics"
          + " get 3 replicas and min.insync.replicas 2.")
  private String voters;

  @Option(names = "--cluster-id", paramLabel = "ID",
      description = "The cluster id, the same on every node (22 characters of URL-safe base64); required with"
          + " --controller-quorum-voters on a new data directory (default: the directory's, else a random one).")
  private String clusterId;

  @Option(names = "--broker-property", paramLabel = "KEY=VALUE",
      description = "A Kafka broker setting, e.g. log.retention.hours=168; repeatable.")
  private Map<String, String> properties = new LinkedHashMap<>();

  @Option(names = "--startup-timeout", defaultValue = "90s", paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "How long the node may take to be ready before it is stopped (default: ${DEFAULT-VALUE}).")
  private java.time.Duration startupTimeout;

  @Option(names = "--ready-file", paramLabel = "FILE",
      description = "Created once the node is ready, removed when it starts and stops: for health checks.")
  private Path readyFile;

  @Option(names = "--random-cluster-id",
      description = "Print a new random cluster id (for --cluster-id on every node) and exit.")
  private boolean randomClusterId;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    if (randomClusterId) {
      out.println(org.apache.kafka.common.Uuid.randomUuid());
      out.flush();
      return 0;
    }
    Path dir = dataDir.toAbsolutePath().normalize();
    KafkaBroker.Builder builder = KafkaBroker.builder().dataDir(dir).host(host).port(port).nodeId(nodeId);
    if (advertisedHost != null) {
      builder.advertisedHost(advertisedHost);
    }
    if (voters != null) {
      builder.controllerQuorumVoters(voters);
      if (clusterId == null && !Files.exists(dir.resolve("cluster.id"))) {
        throw new UserInputException("--cluster-id is required with --controller-quorum-voters on a new data"
            + " directory (" + dir + "): every node must be formatted with the same id, e.g. "
            + org.apache.kafka.common.Uuid.randomUuid());
      }
    }
    if (controllerPort != null) {
      builder.controllerPort(controllerPort);
    } else if (voters == null) {
      builder.controllerPort(port == 0 ? 0 : 9093);
    }
    if (clusterId != null) {
      builder.clusterId(clusterId);
    }
    if (externalListener != null) {
      try {
        builder.externalListener(externalListener);
      } catch (IllegalArgumentException e) {
        throw new UserInputException(e.getMessage().replace("the external listener", "--external-listener"));
      }
    }
    properties.forEach(builder::brokerProperty);
    if (startupTimeout.isZero() || startupTimeout.isNegative()) {
      throw new UserInputException("Invalid value " + startupTimeout + " for --startup-timeout: must be positive");
    }
    builder.startupTimeout(startupTimeout);
    KafkaBroker broker = builder.build();
    removeReadyFile();

    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      removeReadyFile();
      broker.close();
      System.err.println("Kafka node " + nodeId + " stopped.");
      stopped.countDown();
    }, "shears-broker-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      broker.start();
    } catch (RuntimeException e) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Already shutting down; the hook stops what started.
      }
      broker.close();
      throw e;
    }
    if (readyFile != null) {
      try {
        Files.createDirectories(readyFile.toAbsolutePath().getParent());
        Files.writeString(readyFile, broker.bootstrapServers() + "\n");
      } catch (java.io.IOException e) {
        throw new UserInputException("Cannot write --ready-file " + readyFile + ": " + e.getMessage());
      }
    }
    out.printf("Kafka node %d of cluster %s is up.%n", nodeId, broker.clusterId());
    out.printf("  %-11s %s%n", "bootstrap", broker.bootstrapServers());
    out.printf("  %-11s %s:%d%n", "controller", host, broker.controllerPort());
    if (externalListener != null) {
      out.printf("  %-11s %s%n", "external", externalListener);
    }
    out.printf("  %-11s %s%n", "data", dir);
    out.printf("  %-11s %s%n", "log", broker.logFile());
    out.printf("  export SHEARS_BOOTSTRAP=%s%n", broker.bootstrapServers());
    out.println("Press Ctrl-C to stop.");
    out.flush();
    stopped.await();
    return 0;
  }

  private void removeReadyFile() {
    if (readyFile != null) {
      try {
        Files.deleteIfExists(readyFile);
      } catch (java.io.IOException e) {
        System.err.println("shears broker: cannot remove --ready-file " + readyFile + ": " + e.getMessage());
      }
    }
  }
}
