package dev.shears.ops;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a loop that heals by starting again. Each attempt is a fresh {@link Runnable} from {@code attempts}; when one
 * throws, the next starts after a backoff that doubles from {@code initialBackoff} up to {@code maxBackoff} (and
 * falls back to {@code initialBackoff} after an attempt that ran longer than {@code maxBackoff}). A failure that a
 * restart cannot cure, an {@link Error} or one {@code fatal} accepts, is a loop death ({@link Liveness#loopDied}).
 * Ends when an attempt returns normally, on a death, or on {@link #stop()}.
 */
public final class RestartingLoop implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(RestartingLoop.class);

  private final String name;
  private final Supplier<Runnable> attempts;
  private final Predicate<Throwable> fatal;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Liveness liveness;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicInteger restarts = new AtomicInteger();

  /**
   * @param name     the loop, as logs and {@code /health} name it
   * @param attempts a fresh attempt each time (its own clients and state)
   * @param fatal    failures a restart cannot cure, besides errors
   */
  public RestartingLoop(String name, Supplier<Runnable> attempts, Predicate<Throwable> fatal, Duration initialBackoff,
      Duration maxBackoff, Liveness liveness) {
    this.name = Objects.requireNonNull(name, "name");
    this.attempts = Objects.requireNonNull(attempts, "attempts");
    this.fatal = Objects.requireNonNull(fatal, "fatal");
    if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("Invalid backoff " + initialBackoff + ".." + maxBackoff + " for loop " + name
          + ": must be positive, the maximum at least the initial");
    }
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.liveness = Objects.requireNonNull(liveness, "liveness");
  }

  @Override
  public void run() {
    Duration backoff = initialBackoff;
    while (stopped.getCount() > 0) {
      long started = System.nanoTime();
      try {
        attempts.get().run();
        return;
      } catch (Throwable e) {
        if (stopped.getCount() == 0) {
          return;
        }
        if (e instanceof Error || fatal.test(e)) {
          liveness.loopDied(name, e);
          return;
        }
        if (Duration.ofNanos(System.nanoTime() - started).compareTo(maxBackoff) > 0) {
          backoff = initialBackoff;
        }
        restarts.incrementAndGet();
        LOG.warn("The {} failed; restarting it in {} ms", name, backoff.toMillis(), e);
        if (await(backoff)) {
          return;
        }
        backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
      }
    }
  }

  /** Ends the loop: no attempt starts after this (the caller stops the current one). */
  public void stop() {
    stopped.countDown();
  }

  /** Attempts started again after a failure. */
  public int restarts() {
    return restarts.get();
  }

  /** Waits out a backoff; true when the loop was stopped meanwhile. */
  private boolean await(Duration backoff) {
    try {
      return stopped.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }
}
