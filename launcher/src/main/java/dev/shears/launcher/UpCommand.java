package dev.shears.launcher;

import dev.shears.broker.KafkaBroker;
import dev.shears.events.TopicSpec;
import dev.shears.events.Topics;
import dev.shears.launcher.demo.DemoWatch;
import dev.shears.launcher.demo.ExperimentResults;
import dev.shears.launcher.demo.TrialResult;
import dev.shears.orchestrator.OrchestratorClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shears up}: one command, one machine, no Docker. Starts a real Kafka broker (KRaft, child JVM), creates
 * the topics, runs every service as a verticle, prints what listens where, and stops it all on Ctrl-C or SIGTERM.
 */
@Command(name = "up", description = "Start Kafka and every Shears service on this machine.")
final class UpCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".shears",
      description = "State directory: Kafka data, checkpoints, exports (default: ${DEFAULT-VALUE}).")
  private Path dataDir;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface to bind (default: ${DEFAULT-VALUE}).")
  private String host;

  @Option(names = "--kafka-port", defaultValue = "0", description = "Kafka port; 0 picks a free one (default).")
  private int kafkaPort;

  @Option(names = "--dashboard-port", defaultValue = "8080", description = "Dashboard port (default: ${DEFAULT-VALUE}).")
  private int dashboardPort;

  @Option(names = "--orchestrator-port", defaultValue = "8081",
      description = "Orchestrator REST port (default: ${DEFAULT-VALUE}).")
  private int orchestratorPort;

  @Option(names = "--demo", description = "Submit the built-in demo sweep once everything is up, follow it in the "
      + "terminal and print its report when it is done.")
  private boolean demo;

  @Option(names = "--exit-when-done", description = "With --demo: stop everything once the report is printed, "
      + "exiting 0 when every trial succeeded and 1 otherwise.")
  private boolean exitWhenDone;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (exitWhenDone && !demo) {
      throw new UserInputException("--exit-when-done needs --demo: without a demo sweep there is nothing to finish");
    }
    Path dir = prepareDataDir(dataDir.toAbsolutePath().normalize());
    LocalInstance.find(dir).ifPresent(running -> {
      throw new UserInputException("Shears is already running from " + dir + " (pid " + running.pid()
          + "); stop it first or pass another --data-dir");
    });
    requireFreePort(dashboardPort, "--dashboard-port");
    requireFreePort(orchestratorPort, "--orchestrator-port");
    String token = tokenFromEnvOrNew();

    Stack stack = new Stack(dir);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      stack.close();
      stopped.countDown();
    }, "shears-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stack.broker = KafkaBroker.builder().dataDir(dir.resolve("kafka")).host(host).port(kafkaPort).build().start();
      stack.broker.createTopics(newTopics());
      LocalContext context = new LocalContext(stack.broker.bootstrapServers(), token, dir, host, dashboardPort,
          orchestratorPort, Map.of());
      stack.vertx = Vertx.vertx(new VertxOptions().setBlockedThreadCheckInterval(2).setBlockedThreadCheckIntervalUnit(
          TimeUnit.SECONDS));
      for (LocalService service : LocalServices.all()) {
        String url = await(service.deploy(stack.vertx, context), service.name());
        context = url == null ? context : context.withEndpoint(service.name(), url);
      }
      Map<String, String> endpoints = context.endpoints();
      LocalInstance instance = new LocalInstance(ProcessHandle.current().pid(), context.bootstrap(), token, endpoints);
      instance.write(dir);
      stack.instance = instance;
      printBanner(out, context, endpoints, token);
      if (demo) {
        DemoSubmission.Submitted submitted = DemoSubmission.submit(context);
        out.println(submitted.message());
        out.println(exitWhenDone ? "Everything stops once the report is printed (Ctrl-C stops it now)."
            : "Press Ctrl-C to stop.");
        out.flush();
        List<TrialResult> trials = followDemo(out, context, submitted.experimentId());
        if (exitWhenDone) {
          stack.close();
          removeHook(hook);
          return trials.stream().allMatch(t -> t.state().equals("SUCCEEDED")) ? 0 : 1;
        }
        out.println("Shears keeps running for the dashboard. Press Ctrl-C to stop.");
      } else {
        out.println("Press Ctrl-C to stop.");
      }
      out.flush();
    } catch (RuntimeException | Error e) {
      stack.close();
      removeHook(hook);
      throw e;
    }
    stopped.await();
    return 0;
  }

  private List<TrialResult> followDemo(PrintWriter out, LocalContext context, String experimentId)
      throws InterruptedException {
    OrchestratorClient client = new OrchestratorClient(URI.create(context.orchestratorUrl()), context.token(),
        Duration.ofSeconds(30));
    Path reportDir = context.dataDir().resolve("reports").resolve(experimentId);
    try {
      List<TrialResult> trials = new DemoWatch(new ExperimentResults(client), out, Duration.ofSeconds(2))
          .await(experimentId, reportDir);
      String dashboard = context.endpoints().getOrDefault("dashboard", "");
      out.println("Dashboard: " + dashboard + "/experiments/" + experimentId);
      out.println("Table 1 again: ./shears report " + experimentId);
      return trials;
    } catch (IOException e) {
      throw new IllegalStateException("Lost track of the demo sweep " + experimentId + ": " + e.getMessage(), e);
    }
  }

  private static Path prepareDataDir(Path dir) {
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".probe", ".tmp");
      Files.delete(probe);
      return dir;
    } catch (IOException | SecurityException e) {
      throw new UserInputException("Data directory " + dir + " is not writable: " + e.getMessage(), e);
    }
  }

  private void requireFreePort(int port, String option) {
    if (port == 0) {
      return;
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
    } catch (IOException e) {
      throw new UserInputException("Port " + port + " on " + host + " is already in use; free it or choose another with "
          + option, e);
    }
  }

  private static String tokenFromEnvOrNew() {
    String env = System.getenv("SHEARS_TOKEN");
    if (env != null && !env.isBlank()) {
      return env;
    }
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static List<NewTopic> newTopics() {
    return Topics.CATALOGUE.stream()
        .map(t -> t.forCluster(1))
        .map(UpCommand::newTopic)
        .toList();
  }

  static NewTopic newTopic(TopicSpec t) {
    return new NewTopic(t.name(), t.partitions(), t.replicationFactor()).configs(t.configs());
  }

  private static String await(Future<String> future, String what) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof java.net.BindException || String.valueOf(cause.getMessage()).contains("Address already in use")) {
        throw new UserInputException("Cannot start " + what + ": " + cause.getMessage(), cause);
      }
      throw new IllegalStateException("Cannot start " + what + ": " + cause.getMessage(), cause);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(what + " did not start within 60 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while starting " + what, e);
    }
  }

  private void printBanner(PrintWriter out, LocalContext context, Map<String, String> endpoints, String token) {
    out.println("Shears is up.");
    out.printf("  %-13s %s   (data %s)%n", "kafka", context.bootstrap(), dataDir.resolve("kafka"));
    endpoints.forEach((name, url) -> out.printf("  %-13s %s   health %s/health   metrics %s/metrics%n", name, url, url,
        url));
    out.printf("  %-13s %s%n", "token", token);
    out.printf("  export SHEARS_TOKEN=%s SHEARS_BOOTSTRAP=%s%n", token, context.bootstrap());
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // Already shutting down.
    }
  }

  /** Everything {@code up} started, closed in reverse order exactly once. */
  private static final class Stack {
    private final Path dir;
    private KafkaBroker broker;
    private Vertx vertx;
    private LocalInstance instance;
    private boolean closed;

    Stack(Path dir) {
      this.dir = dir;
    }

    synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      if (vertx != null) {
        try {
          vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
          System.err.println("Services did not stop cleanly: " + e);
        }
      }
      if (broker != null) {
        broker.close();
      }
      if (instance != null) {
        instance.remove(dir);
      }
      System.err.println("Shears stopped.");
    }
  }
}
