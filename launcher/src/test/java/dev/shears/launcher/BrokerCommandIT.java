package dev.shears.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.broker.junit.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code shears broker} as an operator runs it: real processes, the printed bootstrap address, SIGTERM. */
class BrokerCommandIT {
  private static final Path JAR = Path.of("target", "shears-launcher.jar");
  private static final Pattern BOOTSTRAP = Pattern.compile("^\\s+bootstrap\\s+(\\S+)$");

  @Test
  void aSingleNodeServesItsPrintedAddressRefusesABusyPortAndStopsOnSigtermWithoutOrphans(@TempDir Path dir)
      throws Exception {
    Node node = start(dir.resolve("single"), "--port", "0");
    try {
      String bootstrap = node.bootstrap();
      try (Admin admin = admin(bootstrap)) {
        assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
        admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic("probe", 1, (short) 1))).all()
            .get(30, TimeUnit.SECONDS);
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("probe");
      }

      // A second node on the same port fails fast, naming the port.
      int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
      Process busy = new ProcessBuilder(java(), "-jar", JAR.toString(), "broker", "--data-dir",
          dir.resolve("busy").toString(), "--port", Integer.toString(port)).redirectErrorStream(true).start();
      String output = new String(busy.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(busy.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(busy.exitValue()).as(output).isEqualTo(2);
      assertThat(output).contains("Kafka port " + port + " on 127.0.0.1 is already in use");
    } finally {
      node.stop();
    }
    node.assertStoppedCleanly();
  }

  @Test
  void threeProcessesFormOneClusterFromTheirVoters(@TempDir Path dir) throws Exception {
    int[] ports = freePorts(6);
    String voters = "1@127.0.0.1:" + ports[1] + ",2@127.0.0.1:" + ports[3] + ",3@127.0.0.1:" + ports[5];
    String clusterId = Uuid.randomUuid().toString();
    List<Node> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        nodes.add(launch(dir.resolve("node-" + (i + 1)), "--node-id", Integer.toString(i + 1), "--port",
            Integer.toString(ports[2 * i]), "--controller-quorum-voters", voters, "--cluster-id", clusterId));
      }
      for (Node n : nodes) {
        n.awaitReady();
      }
      try (Admin admin = admin(nodes.get(0).bootstrap())) {
        assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).extracting(org.apache.kafka.common
            .Node::id).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS)).isEqualTo(clusterId);
      }
      assertThat(nodes.get(1).lines()).anyMatch(l -> l.contains("Kafka node 2 of cluster " + clusterId + " is up."));
    } finally {
      nodes.forEach(Node::signalStop);
    }
    for (Node n : nodes) {
      n.assertStoppedCleanly();
    }
  }

  private static Node start(Path dataDir, String... options) throws IOException {
    Node node = launch(dataDir, options);
    node.awaitReady();
    return node;
  }

  private static Node launch(Path dataDir, String... options) throws IOException {
    List<String> command = new ArrayList<>(List.of(java(), "-jar", JAR.toString(), "broker", "--data-dir",
        dataDir.toString()));
    command.addAll(List.of(options));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> readLines(process, lines));
    reader.setDaemon(true);
    reader.start();
    return new Node(process, lines, new ArrayList<>());
  }

  private record Node(Process process, List<String> lines, List<ProcessHandle> family) {
    void awaitReady() {
      Await.until(Duration.ofSeconds(120), () -> "shears broker to be ready; output so far:\n"
          + String.join("\n", lines), () -> lines.stream().anyMatch(l -> l.contains("Press Ctrl-C to stop."))
          || !process.isAlive());
      assertThat(process.isAlive()).as(String.join("\n", lines)).isTrue();
      family.add(process.toHandle());
      process.toHandle().descendants().forEach(family::add);
      assertThat(family).as("shears broker and its Kafka JVM").hasSize(2);
    }

    String bootstrap() {
      return lines.stream().map(BOOTSTRAP::matcher).filter(Matcher::matches).map(m -> m.group(1)).findFirst()
          .orElseThrow(() -> new AssertionError("no bootstrap line in:\n" + String.join("\n", lines)));
    }

    /** SIGTERM, as Ctrl-C or a service manager would send. */
    void signalStop() {
      process.toHandle().destroy();
    }

    void stop() {
      signalStop();
    }

    void assertStoppedCleanly() throws InterruptedException {
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("shears broker exits on SIGTERM").isTrue();
      Await.until(Duration.ofSeconds(30), "every process of shears broker to exit",
          () -> family.stream().noneMatch(ProcessHandle::isAlive));
      Await.until(Duration.ofSeconds(10), "the stop message", () -> lines.stream()
          .anyMatch(l -> l.matches("Kafka node \\d+ stopped\\.")));
    }
  }

  private static Admin admin(String bootstrap) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
  }

  private static int[] freePorts(int count) throws IOException {
    ServerSocket[] sockets = new ServerSocket[count];
    int[] ports = new int[count];
    try {
      for (int i = 0; i < count; i++) {
        sockets[i] = new ServerSocket();
        sockets[i].bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        ports[i] = sockets[i].getLocalPort();
      }
    } finally {
      for (ServerSocket s : sockets) {
        if (s != null) {
          s.close();
        }
      }
    }
    return ports;
  }

  private static void readLines(Process process, List<String> lines) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lines.add(line);
      }
    } catch (IOException ignored) {
      // The process ended.
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
