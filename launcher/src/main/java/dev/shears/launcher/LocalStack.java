package dev.shears.launcher;

import dev.shears.broker.KafkaBroker;
import dev.shears.events.PathRoots;
import dev.shears.events.TopicSpec;
import dev.shears.events.Topics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Kafka and the Shears services running in this process, as {@code shears up} and {@code shears reproduce} start them:
 * a real broker (KRaft, child JVM) with every topic, then each service as a verticle, then the instance file that
 * lets other commands on this machine find them. Closed in reverse order exactly once.
 */
final class LocalStack implements AutoCloseable {
  private final Path dir;
  private KafkaBroker broker;
  private Vertx vertx;
  private LocalInstance instance;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Thread hook = new Thread(this::closeAndRelease, "shears-shutdown");
  private boolean closed;

  /** Where a stack's services listen (port 0: a free one). */
  record Settings(String host, int kafkaPort, int dashboardPort, int orchestratorPort) {}

  /**
   * Checks that {@code dataDir} is writable, that no instance runs from it and that the fixed ports are free; these
   * are the user's mistakes, reported before anything starts.
   *
   * @return the absolute state directory
   */
  static Path prepare(Path dataDir, Settings settings) {
    Path dir = prepareDataDir(dataDir.toAbsolutePath().normalize());
    LocalInstance.find(dir).ifPresent(running -> {
      throw new UserInputException("Shears is already running from " + dir + " (pid " + running.pid()
          + "); stop it first or pass another --data-dir");
    });
    requireFreePort(settings.host(), settings.dashboardPort(), "--dashboard-port");
    requireFreePort(settings.host(), settings.orchestratorPort(), "--orchestrator-port");
    return dir;
  }

  /**
   * A stack that will keep its state under {@code dir}, a directory {@link #prepare} accepted; nothing runs yet, but
   * from now on Ctrl-C or SIGTERM stops whatever has started.
   */
  LocalStack(Path dir) {
    this.dir = dir;
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Blocks until the JVM shuts down and this stack has stopped. */
  void awaitShutdown() throws InterruptedException {
    stopped.await();
  }

  /**
   * Starts the broker and {@code services} in order (each later one sees the endpoints of those before it) and
   * records the instance. On failure everything started so far is stopped.
   *
   * @param roots where spec paths may lie
   * @return what the services share
   */
  LocalContext start(Settings settings, PathRoots roots, List<LocalService> services) {
    try {
      String token = tokenFromEnvOrNew();
      broker = KafkaBroker.builder().dataDir(dir.resolve("kafka")).host(settings.host())
          .port(settings.kafkaPort()).build().start();
      broker.createTopics(newTopics());
      LocalContext shared = new LocalContext(broker.bootstrapServers(), token, dir, settings.host(),
          settings.dashboardPort(), settings.orchestratorPort(), Map.of(), roots);
      vertx = Vertx.vertx(new VertxOptions().setBlockedThreadCheckInterval(2).setBlockedThreadCheckIntervalUnit(
          TimeUnit.SECONDS));
      for (LocalService service : services) {
        String url = await(service.deploy(vertx, shared), service.name());
        shared = url == null ? shared : shared.withEndpoint(service.name(), url);
      }
      instance = new LocalInstance(ProcessHandle.current().pid(), shared.bootstrap(), token, shared.endpoints());
      instance.write(dir);
      return shared;
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  /** Stops everything now, outside a shutdown. */
  @Override
  public void close() {
    closeAndRelease();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // Already shutting down: the hook runs and finds the stack closed.
    }
  }

  private synchronized void closeAndRelease() {
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
    stopped.countDown();
  }

  /** Prints what listens where and the token, as {@code shears up} does once everything is up. */
  static void printBanner(PrintWriter out, LocalContext context) {
    out.println("Shears is up.");
    out.printf("  %-13s %s   (data %s)%n", "kafka", context.bootstrap(), context.dataDir().resolve("kafka"));
    context.endpoints().forEach((name, url) -> out.printf("  %-13s %s   health %s/health   metrics %s/metrics%n",
        name, url, url, url));
    out.printf("  %-13s %s%n", "token", context.token());
    out.printf("  export SHEARS_TOKEN=%s SHEARS_BOOTSTRAP=%s%n", context.token(), context.bootstrap());
  }

  static NewTopic newTopic(TopicSpec t) {
    return new NewTopic(t.name(), t.partitions(), t.replicationFactor()).configs(t.configs());
  }

  private static List<NewTopic> newTopics() {
    return Topics.CATALOGUE.stream()
        .map(t -> t.forCluster(1))
        .map(LocalStack::newTopic)
        .toList();
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

  private static void requireFreePort(String host, int port, String option) {
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

  private static String await(Future<String> future, String what) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof java.net.BindException || String.valueOf(cause.getMessage()).contains("Address already in use")) {
        throw new UserInputException("Cannot start " + what + ": " + cause.getMessage(), cause);
      }
      throw new IllegalStateException("Cannot start " + what + ": " + cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException(what + " did not start within 60 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while starting " + what, e);
    }
  }
}
