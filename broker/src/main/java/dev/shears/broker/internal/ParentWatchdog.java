package dev.shears.broker.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;

/**
 * Ends the broker JVM when the JVM that started it is gone, however it went (even SIGKILL).
 *
 * <p>Two signals, either suffices: standard input reaches end-of-file (the parent holds the write end of the
 * pipe, which the kernel closes when the parent dies), and the parent's pid is no longer alive. The exit is
 * a normal {@link System#exit}, so Kafka's shutdown hook closes its logs cleanly; a halt follows if that
 * hook hangs.
 */
final class ParentWatchdog {

  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration EXIT_GRACE = Duration.ofSeconds(20);

  private final long parentPid;
  private final InputStream parentPipe;

  ParentWatchdog(long parentPid, InputStream parentPipe) {
    this.parentPid = parentPid;
    this.parentPipe = parentPipe;
  }

  /** Starts the two daemon watcher threads. */
  void start() {
    Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
    if (parent.isEmpty()) {
      exit("parent process " + parentPid + " is not running");
    }
    daemon("shears-parent-pipe", this::awaitEndOfInput).start();
    ProcessHandle handle = parent.get();
    daemon("shears-parent-pid", () -> awaitDeath(handle)).start();
  }

  private void awaitEndOfInput() {
    byte[] buffer = new byte[256];
    try {
      while (parentPipe.read(buffer) >= 0) {
        // Nothing is sent on the pipe; its end is the signal.
      }
    } catch (IOException e) {
      // A broken pipe means the same as end-of-file.
    }
    exit("standard input closed");
  }

  private void awaitDeath(ProcessHandle parent) {
    try {
      while (parent.isAlive()) {
        Thread.sleep(POLL.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    exit("parent process " + parentPid + " exited");
  }

  private static void exit(String reason) {
    System.err.println("Shears broker stopping: " + reason);
    Thread halt = daemon("shears-halt", () -> {
      try {
        Thread.sleep(EXIT_GRACE.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Runtime.getRuntime().halt(2);
    });
    halt.start();
    System.exit(0);
  }

  private static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    return t;
  }
}
