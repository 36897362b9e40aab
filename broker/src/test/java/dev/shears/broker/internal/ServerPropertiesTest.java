package dev.shears.broker.internal;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ServerPropertiesTest {

  private final BrokerLayout layout = new BrokerLayout(Path.of("/data/kafka"));

  @Test
  void singleNodeIsItsOwnControllerOnTheGivenPorts() {
    Map<String, String> p = ServerProperties.of("127.0.0.1", 9092, 9093, layout, Map.of());

    assertThat(p).containsEntry("process.roles", "broker,controller")
        .containsEntry("controller.quorum.voters", "1@127.0.0.1:9093")
        .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093")
        .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:9092")
        .containsEntry("log.dirs", Path.of("/data/kafka/logs").toString());
  }

  @Test
  void internalTopicsFitOneNodeSoTransactionsWork() {
    Map<String, String> p = ServerProperties.of("127.0.0.1", 1, 2, layout, Map.of());

    assertThat(p).containsEntry("offsets.topic.replication.factor", "1")
        .containsEntry("transaction.state.log.replication.factor", "1")
        .containsEntry("transaction.state.log.min.isr", "1")
        .containsEntry("group.initial.rebalance.delay.ms", "0");
  }

  @Test
  void callerSettingsWin() {
    Map<String, String> p = ServerProperties.of("127.0.0.1", 1, 2, layout,
        Map.of("num.partitions", "6", "log.retention.hours", "1"));

    assertThat(p).containsEntry("num.partitions", "6").containsEntry("log.retention.hours", "1");
  }

  @Test
  void aNodeOfThreeReplicatesEverythingThreeTimesWithTwoInSync() {
    Map<String, String> p = ServerProperties.of(2, QuorumVoters.parse("1@h1:9093,2@h2:9093,3@h3:9093"),
        "0.0.0.0", "h2", 9092, 9093, null, layout, Map.of());

    assertThat(p).containsEntry("node.id", "2")
        .containsEntry("controller.quorum.voters", "1@h1:9093,2@h2:9093,3@h3:9093")
        .containsEntry("listeners", "PLAINTEXT://0.0.0.0:9092,CONTROLLER://0.0.0.0:9093")
        .containsEntry("advertised.listeners", "PLAINTEXT://h2:9092")
        .containsEntry("default.replication.factor", "3")
        .containsEntry("min.insync.replicas", "2")
        .containsEntry("offsets.topic.replication.factor", "3")
        .containsEntry("transaction.state.log.replication.factor", "3")
        .containsEntry("transaction.state.log.min.isr", "2")
        .containsEntry("unclean.leader.election.enable", "false");
  }

  @Test
  void anExternalListenerIsBoundAdvertisedAndPlaintextWhileTheNodesKeepTheirOwn() {
    Map<String, String> p = ServerProperties.of(1, QuorumVoters.parse("1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093"),
        "0.0.0.0", "kafka-1", 9092, 9093, ServerProperties.ExternalListener.parse("localhost:19092"), layout,
        Map.of());

    assertThat(p)
        .containsEntry("listeners", "PLAINTEXT://0.0.0.0:9092,CONTROLLER://0.0.0.0:9093,EXTERNAL://0.0.0.0:19092")
        .containsEntry("advertised.listeners", "PLAINTEXT://kafka-1:9092,EXTERNAL://localhost:19092")
        .containsEntry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,EXTERNAL:PLAINTEXT")
        .containsEntry("inter.broker.listener.name", "PLAINTEXT");
  }

  @Test
  void anExternalListenerWithoutAPortIsRefusedNamingTheValue() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServerProperties.ExternalListener.parse("localhost"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'localhost'")
        .hasMessageContaining("HOST:PORT");
  }
}
