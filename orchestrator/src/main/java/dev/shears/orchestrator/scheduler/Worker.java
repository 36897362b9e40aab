package dev.shears.orchestrator.scheduler;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/** The fleet registry's mutable record of one worker. Confined to the {@link Scheduler} that owns it. */
final class Worker {
  /** One GPU's capacity; ordered in the scheduler's index by free memory. */
  static final class Gpu {
    final Worker worker;
    final int index;
    String name;
    long totalMb;
    long allocatedMb;
    long reportedFreeMb;
    double utilisation;

    Gpu(Worker worker, int index) {
      this.worker = worker;
      this.index = index;
    }

    long freeMb() {
      return totalMb - allocatedMb;
    }
  }

  final String id;
  String kind = "trainer";
  String host = "";
  String endpoint;
  int slots;
  Instant lastSeen;
  boolean alive;
  /** Known only from the log (a trial placed on it) until its first heartbeat. */
  boolean heard;
  /** A heartbeat arrived since the scheduler last looked for trials this worker stopped listing. */
  boolean heartbeatUnchecked;
  Gpu[] gpus = new Gpu[0];
  final Set<String> trials = new LinkedHashSet<>();
  /** Trials it lists as running but does not hold (zombies), revoked once each; it still runs them. */
  final Set<String> revoked = new LinkedHashSet<>();
  /** Scratch of one gang search: GPUs of this worker seen in search round {@code gangRound}. */
  long gangRound;
  int gangCount;

  Worker(String id) {
    this.id = id;
  }

  boolean trainer() {
    return kind.equals("trainer");
  }

  /**
   * Slots in use: its trials, and the revoked attempts it still lists as running. A trainer runs its attempts one
   * after the other, so one that has not yet stopped a lost attempt would only queue a new one behind it.
   */
  int busySlots() {
    return trials.size() + revoked.size();
  }

  boolean full() {
    if (gpus.length == 0) {
      return busySlots() >= slots;
    }
    return slots > 0 && busySlots() >= slots;
  }

  boolean schedulable() {
    return alive && heard && trainer() && !full();
  }

  Gpu gpu(int index) {
    for (Gpu g : gpus) {
      if (g.index == index) {
        return g;
      }
    }
    return null;
  }
}
