package dev.shears.ops;

import java.io.PrintStream;
import java.util.function.IntConsumer;

/**
 * What a Shears process does when a loop of one of its services dies: says so on stderr and exits with
 * {@link Liveness.LoopDeath#EXIT_CODE}, from a thread of its own so that the shutdown hooks (services stopped, the
 * Kafka child process ended) run while the dying loop's thread ends. A supervisor then restarts the process.
 */
public final class ProcessExit implements Liveness.LoopDeath {
  private final PrintStream err;
  private final IntConsumer exit;

  /** Exits this JVM. */
  public ProcessExit() {
    this(System.err, System::exit);
  }

  ProcessExit(PrintStream err, IntConsumer exit) {
    this.err = err;
    this.exit = exit;
  }

  @Override
  public void accept(Liveness.Death death) {
    err.printf("shears: the %s stopped (%s); exiting with code %d so that a supervisor restarts this process%n",
        death.loop(), death.error(), EXIT_CODE);
    err.flush();
    Thread exiting = new Thread(() -> exit.accept(EXIT_CODE), "shears-exit");
    exiting.start();
  }
}
