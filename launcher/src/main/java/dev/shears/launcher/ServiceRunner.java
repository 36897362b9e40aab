package dev.shears.launcher;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs one service alone in this JVM (for a fleet that spans hosts): deploys it, prints where it serves, and
 * blocks until Ctrl-C or SIGTERM, then stops it cleanly.
 */
public final class ServiceRunner {
  private ServiceRunner() {}

  /**
   * Deploys and runs {@code name} until the JVM is asked to stop.
   *
   * @param name the service, as printed
   * @param address where it binds, e.g. {@code 127.0.0.1:8080}, named when it cannot start
   */
  public static int run(String name, String address, Function<Vertx, Future<String>> deploy, PrintWriter out)
      throws InterruptedException {
    Vertx vertx = Vertx.vertx();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println(name + " did not stop cleanly: " + e);
      } finally {
        stopped.countDown();
      }
    }, "shears-" + name + "-shutdown"));
    String url;
    try {
      url = deploy.apply(vertx).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      vertx.close();
      throw new UserInputException("Cannot start " + name + " on " + address + ": " + e.getCause().getMessage(),
          e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      vertx.close();
      throw new UserInputException(name + " did not start within 60 s (is Kafka reachable?)", e);
    }
    out.printf("%s serving %s   health %s/health   metrics %s/metrics%n", name, url, url, url);
    out.println("Press Ctrl-C to stop.");
    out.flush();
    stopped.await();
    return 0;
  }
}
