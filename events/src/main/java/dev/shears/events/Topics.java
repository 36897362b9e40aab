package dev.shears.events;

import java.util.List;
import java.util.Map;

/**
 * The topic catalogue (DESIGN §2). Keys: experiment id, trial id or worker id, so that each entity's events
 * stay in order within one partition.
 */
public final class Topics {
  public static final String EXPERIMENTS = "shears.experiments";
  public static final String TRIALS = "shears.trials";
  public static final String ASSIGNMENTS = "shears.assignments";
  public static final String FLEET = "shears.fleet";
  public static final String TELEMETRY = "shears.telemetry";
  public static final String CHECKPOINTS = "shears.checkpoints";
  public static final String EVALUATIONS = "shears.evaluations";
  public static final String DLQ = "shears.dlq";
  /** Per-trial summaries that outlive {@link #TELEMETRY}'s retention; compacted, so one record per trial stays. */
  public static final String TRIAL_HISTORY = "shears.trial-history";

  private static final String DELETE = "delete";
  private static final long DAY_MS = 24L * 60 * 60 * 1000;
  private static final String INFINITE = "-1";

  /** Every topic Shears uses, with the settings it is created with. */
  public static final List<TopicSpec> CATALOGUE = List.of(
      // Event-sourced logs: never deleted, replay rebuilds state.
      spec(EXPERIMENTS, 3, DELETE, INFINITE),
      spec(TRIALS, 6, DELETE, INFINITE),
      spec(ASSIGNMENTS, 6, DELETE, Long.toString(7 * DAY_MS)),
      // Heartbeats matter only while fresh.
      spec(FLEET, 3, DELETE, Long.toString(DAY_MS)),
      // The high-rate path: compressed, kept for a month.
      new TopicSpec(TELEMETRY, 12, (short) 3, Map.of(
          "cleanup.policy", DELETE,
          "retention.ms", Long.toString(30 * DAY_MS),
          "compression.type", "lz4",
          "max.message.bytes", Integer.toString(EventCodec.MAX_RECORD_BYTES * 2))),
      spec(CHECKPOINTS, 6, DELETE, INFINITE),
      // The newest summary of each trial, kept for good: what the curves fall back to after telemetry is deleted.
      new TopicSpec(TRIAL_HISTORY, 6, (short) 3, Map.of(
          "cleanup.policy", "compact",
          "compression.type", "lz4",
          "max.message.bytes", Integer.toString(EventCodec.MAX_RECORD_BYTES * 2))),
      spec(EVALUATIONS, 6, DELETE, INFINITE),
      // Dead letters hold a copy of a rejected record and its reason, so the limit is above the record limit.
      new TopicSpec(DLQ, 1, (short) 3, Map.of(
          "cleanup.policy", DELETE,
          "retention.ms", Long.toString(30 * DAY_MS),
          "max.message.bytes", Integer.toString(EventCodec.MAX_DEAD_LETTER_BYTES + EventCodec.MAX_RECORD_BYTES))));

  private Topics() {}

  private static TopicSpec spec(String name, int partitions, String cleanup, String retentionMs) {
    return new TopicSpec(name, partitions, (short) 3, Map.of(
        "cleanup.policy", cleanup,
        "retention.ms", retentionMs,
        "max.message.bytes", Integer.toString(EventCodec.MAX_RECORD_BYTES * 2)));
  }

  /** The catalogue entry for {@code name}. */
  public static TopicSpec spec(String name) {
    return CATALOGUE.stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "Unknown topic " + name + "; known topics: " + CATALOGUE.stream().map(TopicSpec::name).toList()));
  }
}
