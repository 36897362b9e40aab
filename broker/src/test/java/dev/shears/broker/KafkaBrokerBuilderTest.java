package dev.shears.broker;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaBrokerBuilderTest {

  @Test
  void defaultsUseTheShearsDataDirAndFreePorts() {
    KafkaBroker broker = KafkaBroker.builder().build();

    assertThat(broker.dataDir()).isEqualTo(Path.of(".shears", "kafka").toAbsolutePath());
    assertThat(broker.logFile()).isEqualTo(broker.dataDir().resolve("broker.log"));
    assertThat(broker.isRunning()).isFalse();
  }

  @Test
  void everyBadValueIsNamedAtOnce() {
    assertThatThrownBy(() -> KafkaBroker.builder().port(70000).controllerPort(-1)
        .startupTimeout(Duration.ZERO).host(" ").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid value 70000 for port")
        .hasMessageContaining("Invalid value -1 for controllerPort")
        .hasMessageContaining("startupTimeout")
        .hasMessageContaining("host");
  }

  @Test
  void samePortForBothListenersIsRejected() {
    assertThatThrownBy(() -> KafkaBroker.builder().port(9092).controllerPort(9092).build())
        .hasMessageContaining("port and controllerPort are both 9092");
  }

  @Test
  void aClusterNodeTakesItsControllerPortFromTheVotersAndChecksItsPlaceInThem() {
    KafkaBroker node = KafkaBroker.builder().nodeId(2).controllerQuorumVoters("1@h:9093,2@h:9095,3@h:9097")
        .clusterId("c2hlYXJzLWtyYWZ0LTAwMQ").build();
    assertThat(node.nodeId()).isEqualTo(2);

    assertThatThrownBy(() -> KafkaBroker.builder().nodeId(4).controllerQuorumVoters("1@h:9093,2@h:9095").build())
        .hasMessageContaining("nodeId 4 is not among the controller quorum voters 1@h:9093,2@h:9095");
    assertThatThrownBy(() -> KafkaBroker.builder().nodeId(1).controllerPort(9999)
        .controllerQuorumVoters("1@h:9093").build())
        .hasMessageContaining("controllerPort 9999 differs from port 9093 of node 1");
    assertThatThrownBy(() -> KafkaBroker.builder().controllerQuorumVoters("1@h").build())
        .hasMessageContaining("'1@h' is not id@host:port");
    assertThatThrownBy(() -> KafkaBroker.builder().port(9093).controllerQuorumVoters("1@h:9093").build())
        .hasMessageContaining("port and controllerPort are both 9093");
  }

  @Test
  void aClusterIdMustBeKafkasBase64Uuid() {
    assertThatThrownBy(() -> KafkaBroker.builder().clusterId("shears-kraft-cluster-0001").build())
        .hasMessageContaining("Invalid value 'shears-kraft-cluster-0001' for clusterId")
        .hasMessageContaining("22 characters");
  }

  @Test
  void aWildcardHostNeedsAnAdvertisedName() {
    assertThatThrownBy(() -> KafkaBroker.builder().host("0.0.0.0").build())
        .hasMessageContaining("set advertisedHost");
    assertThat(KafkaBroker.builder().host("0.0.0.0").advertisedHost("kafka-1").build().isRunning()).isFalse();
  }

  @Test
  void listenerAndPathPropertiesCannotBeOverridden() {
    assertThatThrownBy(() -> KafkaBroker.builder().brokerProperty("listeners", "PLAINTEXT://:1").build())
        .hasMessageContaining("Broker property listeners");
    assertThatThrownBy(() -> KafkaBroker.builder().brokerProperty("log.dirs", "/elsewhere").build())
        .hasMessageContaining("log.dirs");
  }

  @Test
  void aStoppedBrokerHasNoAddress() {
    KafkaBroker broker = KafkaBroker.builder().build();

    assertThatThrownBy(broker::bootstrapServers)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not running");
    broker.stop();
  }
}
