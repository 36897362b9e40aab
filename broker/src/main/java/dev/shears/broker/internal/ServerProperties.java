package dev.shears.broker.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code server.properties} of a single-node KRaft broker that is its own controller.
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
   * Builds the properties.
   *
   * @param host           the interface both listeners bind to and the broker advertises
   * @param brokerPort     the client listener's port
   * @param controllerPort the KRaft controller listener's port
   * @param layout         the data directory layout
   * @param overrides      caller settings applied last; must not contain {@link #RESERVED} keys
   */
  public static Map<String, String> of(String host, int brokerPort, int controllerPort, BrokerLayout layout,
                     Map<String, String> overrides) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    // A static voter set: the voters live in this file, not in the formatted log, so the controller
    // port may change between restarts on the same data.
    p.put("controller.quorum.voters", "1@" + host + ":" + controllerPort);
    p.put("listeners", "PLAINTEXT://" + host + ":" + brokerPort + ",CONTROLLER://" + host + ":" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + brokerPort);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", layout.logDirs().toString());

    // One node: every internal topic has one replica.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "5");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "5");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
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
