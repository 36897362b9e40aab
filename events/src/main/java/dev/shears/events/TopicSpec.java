package dev.shears.events;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * How one topic is created: partitions, replication and its topic-level configs (retention, cleanup).
 *
 * @param name the topic name
 * @param partitions number of partitions
 * @param replicationFactor replication factor on a multi-broker cluster; the embedded broker uses 1
 * @param configs topic configs such as {@code cleanup.policy} and {@code retention.ms}
 */
public record TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> configs) {
  public TopicSpec {
    requireNonNull(name, "name");
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions of " + name + " must be >= 1, was " + partitions);
    }
    configs = Map.copyOf(configs);
  }

  /** The same topic with the replication factor capped for a cluster of {@code brokers} brokers. */
  public TopicSpec forCluster(int brokers) {
    return new TopicSpec(name, partitions, (short) Math.min(replicationFactor, brokers), configs);
  }
}
