package dev.shears.broker.junit;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/** Waiting with a deadline and a message instead of sleeping a guessed time. */
public final class Await {

  private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private Await() {
  }

  /**
   * Returns once {@code condition} holds; fails with {@code what} and the timeout if it does not within
   * {@code timeout}.
   */
  public static void until(Duration timeout, String what, BooleanSupplier condition) {
    until(timeout, () -> what, condition);
  }

  /** As {@link #until(Duration, String, BooleanSupplier)}, with a message computed on failure. */
  public static void until(Duration timeout, Supplier<String> what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("Timed out after " + timeout + " waiting for: " + what.get());
      }
      LockSupport.parkNanos(PAUSE_NANOS);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new AssertionError("Interrupted while waiting for: " + what.get());
      }
    }
  }

  /**
   * Reads {@code count} (which may poll) for {@code settle}, so that what was already on its way arrives, then
   * for {@code quiet} more; fails, naming {@code what}, if it changed during the quiet time. For "this stops".
   */
  public static void staysUnchanged(Duration settle, Duration quiet, String what, IntSupplier count) {
    long deadline = System.nanoTime() + settle.toNanos();
    while (System.nanoTime() - deadline < 0) {
      count.getAsInt();
    }
    int before = count.getAsInt();
    deadline = System.nanoTime() + quiet.toNanos();
    while (System.nanoTime() - deadline < 0) {
      int now = count.getAsInt();
      if (now != before) {
        throw new AssertionError(what + " changed from " + before + " to " + now + " within " + quiet
            + " after the first " + settle);
      }
    }
  }

  /**
   * Polls {@code consumer} until at least {@code count} records have arrived and returns all of them in
   * arrival order; fails, naming how many arrived, if fewer do within {@code timeout}.
   */
  public static <K, V> List<ConsumerRecord<K, V>> records(Consumer<K, V> consumer, int count, Duration timeout) {
    List<ConsumerRecord<K, V>> received = new ArrayList<>(count);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (received.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("Timed out after " + timeout + " waiting for " + count
            + " records; received " + received.size());
      }
      consumer.poll(Duration.ofNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200))))
          .forEach(received::add);
    }
    return received;
  }
}
