package dev.shears.ops;

import java.time.Duration;

/**
 * A process whose one loop dies, as a Shears service's would: the loop's fatal failure reaches {@link Liveness},
 * whose {@link ProcessExit} ends the JVM. Run by {@link ProcessExitTest} in a JVM of its own.
 */
public final class LoopDeathProcess {
  private LoopDeathProcess() {
  }

  public static void main(String[] args) throws InterruptedException {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("shutdown hook ran")));
    Liveness liveness = new Liveness(new ProcessExit());
    RestartingLoop loop = new RestartingLoop("test loop", () -> () -> {
      throw new IllegalStateException("injected: unrecoverable");
    }, IllegalStateException.class::isInstance, Duration.ofMillis(10), Duration.ofMillis(100), liveness);
    Thread thread = new Thread(loop, "test-loop");
    thread.start();
    thread.join();
    Thread.sleep(30_000); // the exit thread ends the process long before this
    System.out.println("still running");
  }
}
