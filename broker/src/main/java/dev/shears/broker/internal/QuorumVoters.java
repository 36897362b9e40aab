package dev.shears.broker.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A static KRaft controller quorum, as Kafka's {@code controller.quorum.voters}: {@code 1@host:9093,2@host:9093}.
 *
 * @param voters the controllers, in the order given
 */
public record QuorumVoters(List<Voter> voters) {

  private static final Pattern ENTRY = Pattern.compile("(\\d+)@(\\[[^\\]]+\\]|[^:@\\s]+):(\\d+)");

  /** One controller: its node id and the address of its controller listener. */
  public record Voter(int nodeId, String host, int port) {
    @Override
    public String toString() {
      return nodeId + "@" + host + ":" + port;
    }
  }

  public QuorumVoters {
    voters = List.copyOf(voters);
  }

  /**
   * Parses {@code id@host:port[,id@host:port…]}.
   *
   * @throws IllegalArgumentException naming every bad entry and the expected form
   */
  public static QuorumVoters parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("Invalid value '' for controller quorum voters: expected"
          + " id@host:port[,id@host:port...], e.g. 1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093");
    }
    List<Voter> voters = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Set<Integer> ids = new HashSet<>();
    Set<String> addresses = new HashSet<>();
    for (String raw : text.split(",", -1)) {
      String entry = raw.trim();
      Matcher m = ENTRY.matcher(entry);
      if (!m.matches()) {
        problems.add("'" + entry + "' is not id@host:port");
        continue;
      }
      int id;
      int port;
      try {
        id = Integer.parseInt(m.group(1));
        port = Integer.parseInt(m.group(3));
      } catch (NumberFormatException e) {
        problems.add("'" + entry + "' has a number out of range");
        continue;
      }
      if (port < 1 || port > 65535) {
        problems.add("'" + entry + "' has port " + port + ", not in 1-65535");
        continue;
      }
      if (!ids.add(id)) {
        problems.add("node id " + id + " is listed twice");
        continue;
      }
      if (!addresses.add(m.group(2) + ":" + port)) {
        problems.add("address " + m.group(2) + ":" + port + " is listed twice");
        continue;
      }
      voters.add(new Voter(id, m.group(2), port));
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("Invalid value '" + text + "' for controller quorum voters: "
          + String.join("; ", problems) + " (expected id@host:port[,id@host:port...], e.g."
          + " 1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093)");
    }
    return new QuorumVoters(voters);
  }

  /** The voter with this node id, if any. */
  public Optional<Voter> voter(int nodeId) {
    return voters.stream().filter(v -> v.nodeId() == nodeId).findFirst();
  }

  /** How many controllers, and with combined nodes, brokers. */
  public int size() {
    return voters.size();
  }

  /** The replication factor internal and new topics get on this many nodes: 3, or fewer on a smaller cluster. */
  public int replicationFactor() {
    return Math.min(3, voters.size());
  }

  /**
   * Writes need this many in-sync replicas: 2 with three replicas, so one node may be down without blocking an
   * {@code acks=all} producer or losing an acknowledged record; 1 below that.
   */
  public int minInsyncReplicas() {
    return replicationFactor() >= 3 ? 2 : 1;
  }

  @Override
  public String toString() {
    return String.join(",", voters.stream().map(Voter::toString).toList());
  }
}
