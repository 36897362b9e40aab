package dev.shears.broker.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code server.properties} of a KRaft node that is both broker and controller: alone, or one of a static
 * quorum of such nodes.
 */
public final class ServerProperties {

  /** Keys derived from the host, ports and data directory; a caller cannot override them. */
  public static final Set<String> RESERVED = Set.of(
      "process.roles", "node.id", "controller.quorum.voters", "controller.quorum.bootstrap.servers",
      "listeners", "advertised.listeners", "listener.security.protocol.map",
      "controller.listener.names", "inter.broker.listener.name", "log.dirs", "log.dir",
      "metadata.log.dir");

  private ServerProperties() {
  }

  /**
   * The properties of a single node that is its own quorum (node id 1), advertising the interface it binds.
   *
   * @param host           the interface both listeners bind to and the broker advertises
   * @param brokerPort     the client listener's port
   * @param controllerPort the KRaft controller listener's port
   * @param layout         the data directory layout
   * @param overrides      caller settings applied last; must not contain {@link #RESERVED} keys
   */
  public static Map<String, String> of(String host, int brokerPort, int controllerPort, BrokerLayout layout,
                     Map<String, String> overrides) {
    return of(1, null, host, host, brokerPort, controllerPort, null, layout, overrides);
  }

  /**
   * A second client listener, {@code EXTERNAL}, for clients outside the network the nodes share (a container
   * engine's host, another site): bound to the node's interface at {@code port}, advertised as
   * {@code advertisedHost:port}. The nodes keep talking to each other on {@code PLAINTEXT}.
   *
   * @param advertisedHost the name those clients reach this node by
   * @param port           the port it binds and advertises
   */
  public record ExternalListener(String advertisedHost, int port) {
    /** Parses {@code HOST:PORT}. */
    public static ExternalListener parse(String hostPort) {
      int colon = hostPort.lastIndexOf(':');
      if (colon <= 0 || colon == hostPort.length() - 1) {
        throw new IllegalArgumentException("Invalid value '" + hostPort + "' for the external listener: must be"
            + " HOST:PORT, e.g. localhost:19092");
      }
      try {
        return new ExternalListener(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Invalid value '" + hostPort + "' for the external listener: the port"
            + " must be a number", e);
      }
    }

    @Override
    public String toString() {
      return advertisedHost + ":" + port;
    }
  }

  /**
   * Builds the properties of one node.
   *
   * @param nodeId         the node id, which must be among {@code voters}
   * @param voters         the controller quorum, or null for a single node that is its own quorum
   * @param host           the interface both listeners bind to
   * @param advertisedHost the name clients and other brokers use to reach the client listener
   * @param brokerPort     the client listener's port
   * @param controllerPort the KRaft controller listener's port
   * @param external       a second client listener for clients outside the nodes' network, or null
   * @param layout         the data directory layout
   * @param overrides      caller settings applied last; must not contain {@link #RESERVED} keys
   */
  public static Map<String, String> of(int nodeId, QuorumVoters voters, String host, String advertisedHost,
                     int brokerPort, int controllerPort, ExternalListener external, BrokerLayout layout,
                     Map<String, String> overrides) {
    QuorumVoters quorum = voters != null ? voters
        : new QuorumVoters(List.of(new QuorumVoters.Voter(nodeId, advertisedHost, controllerPort)));
    String replicas = Integer.toString(quorum.replicationFactor());
    String minIsr = Integer.toString(quorum.minInsyncReplicas());
    Map<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(nodeId));
    // A static voter set: the voters live in this file, not in the formatted log, so a single node's controller
    // port may change between restarts on the same data.
    p.put("controller.quorum.voters", quorum.toString());
    String listeners = "PLAINTEXT://" + host + ":" + brokerPort + ",CONTROLLER://" + host + ":" + controllerPort;
    String advertised = "PLAINTEXT://" + advertisedHost + ":" + brokerPort;
    String protocols = "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT";
    if (external != null) {
      listeners += ",EXTERNAL://" + host + ":" + external.port();
      advertised += ",EXTERNAL://" + external;
      protocols += ",EXTERNAL:PLAINTEXT";
    }
    p.put("listeners", listeners);
    p.put("advertised.listeners", advertised);
    p.put("listener.security.protocol.map", protocols);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", layout.logDirs().toString());

    // Internal and new topics get 3 replicas with 2 in sync on a cluster of 3 or more, so that one node may fail
    // without losing an acknowledged record or blocking acks=all writes; one replica on a single node.
    p.put("offsets.topic.replication.factor", replicas);
    p.put("offsets.topic.num.partitions", "5");
    p.put("transaction.state.log.replication.factor", replicas);
    p.put("transaction.state.log.min.isr", minIsr);
    p.put("transaction.state.log.num.partitions", "5");
    p.put("share.coordinator.state.topic.replication.factor", replicas);
    p.put("share.coordinator.state.topic.min.isr", minIsr);
    p.put("default.replication.factor", replicas);
    p.put("min.insync.replicas", minIsr);
    p.put("unclean.leader.election.enable", "false");
    p.put("num.partitions", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "4");
    p.put("log.cleaner.threads", "1");
    p.put("num.recovery.threads.per.data.dir", "1");

    p.putAll(overrides);
    return p;
  }
}
