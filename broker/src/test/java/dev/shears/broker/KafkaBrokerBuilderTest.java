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
