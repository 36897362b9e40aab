package dev.shears.events;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
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

  /** Topic config key of the replicas an {@code acks=all} write needs in sync. */
  public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";

  /**
   * The same topic for a cluster of {@code brokers} brokers: the replication factor capped at the cluster size,
   * and {@code min.insync.replicas} 2 with 3 or more replicas (one broker may fail without blocking or losing an
   * acknowledged {@code acks=all} write), else 1.
   */
  public TopicSpec forCluster(int brokers) {
    if (brokers < 1) {
      throw new IllegalArgumentException("a cluster has at least one broker, was " + brokers);
    }
    short replicas = (short) Math.min(replicationFactor, brokers);
    return withReplication(replicas, replicas >= 3 ? 2 : 1);
  }

  /** The same topic with {@code replicas} replicas and {@code minInsyncReplicas} set as a topic config. */
  public TopicSpec withReplication(short replicas, int minInsyncReplicas) {
    if (replicas < 1) {
      throw new IllegalArgumentException("replication factor of " + name + " must be >= 1, was " + replicas);
    }
    if (minInsyncReplicas < 1 || minInsyncReplicas > replicas) {
      throw new IllegalArgumentException("min.insync.replicas of " + name + " must be in [1, " + replicas
          + "] (its replication factor), was " + minInsyncReplicas);
    }
    Map<String, String> withIsr = new HashMap<>(configs);
    withIsr.put(MIN_INSYNC_REPLICAS, Integer.toString(minInsyncReplicas));
    return new TopicSpec(name, partitions, replicas, withIsr);
  }
}
