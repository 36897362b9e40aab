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
}
