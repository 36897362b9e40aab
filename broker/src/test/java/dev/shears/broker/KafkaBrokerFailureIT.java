package dev.shears.broker;

import dev.shears.broker.junit.Await;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** Start-up failures a user can act on: each names its cause and leaves no broker process behind. */
class KafkaBrokerFailureIT {

  @TempDir
  Path temp;

  @AfterEach
  void noBrokerProcessIsLeft() {
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
        .map(p -> p.info().commandLine().orElse("pid " + p.pid())))
        .noneMatch(cmd -> cmd.contains("BrokerMain"));
  }

  @Test
  void busyPortIsNamed() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      int port = taken.getLocalPort();
      KafkaBroker broker = KafkaBroker.builder().dataDir(temp.resolve("kafka")).port(port).build();

      assertThatThrownBy(broker::start)
          .isInstanceOf(KafkaBrokerException.class)
          .hasMessageContaining("port " + port)
          .hasMessageContaining("already in use");
      assertThat(broker.isRunning()).isFalse();
    }
  }

  @Test
  void dataDirThatCannotBeCreatedIsNamed() throws Exception {
    Path file = Files.writeString(temp.resolve("not-a-directory"), "x");
    Path dataDir = file.resolve("kafka");

    assertThatThrownBy(() -> KafkaBroker.builder().dataDir(dataDir).build().start())
        .isInstanceOf(KafkaBrokerException.class)
        .hasMessageContaining(dataDir.toString())
        .hasMessageContaining("cannot be created");
  }

  @Test
  void readOnlyDataDirIsNamed() throws Exception {
    assumeFalse("root".equals(System.getProperty("user.name")), "root writes into read-only directories");
    Path dataDir = Files.createDirectory(temp.resolve("read-only"));
    Files.createDirectory(dataDir.resolve("logs"));
    Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      assertThatThrownBy(() -> KafkaBroker.builder().dataDir(dataDir).build().start())
          .isInstanceOf(KafkaBrokerException.class)
          .hasMessageContaining(dataDir.toString())
          .hasMessageContaining("not writable");
    } finally {
      Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void brokerThatDiesAfterStartingIsReportedOnNextUse() {
    KafkaBroker broker = KafkaBroker.builder().dataDir(temp.resolve("kafka"))
        .jvmOptions(KafkaBroker.FAST_START_JVM_OPTIONS).build().start();
    try {
      ProcessHandle.of(broker.pid()).ifPresent(ProcessHandle::destroyForcibly);
      Await.until(Duration.ofSeconds(10), "broker process to die", () -> !broker.isRunning());

      assertThatThrownBy(() -> broker.createTopics(List.of(new NewTopic("after-crash", 1, (short) 1))))
          .isInstanceOf(KafkaBrokerException.class)
          .hasMessageContaining("exited with status")
          .hasMessageContaining("cannot create topics");
    } finally {
      broker.stop();
    }
    assertThat(broker.isRunning()).isFalse();
  }

  @Test
  void brokerThatExitsDuringStartUpReportsTheTailOfItsLog() {
    KafkaBroker broker = KafkaBroker.builder().dataDir(temp.resolve("kafka"))
        .brokerProperty("log.segment.bytes", "a-lot")
        .build();

    assertThatThrownBy(broker::start)
        .isInstanceOf(KafkaBrokerException.class)
        .hasMessageContaining("exited with status")
        .hasMessageContaining("last lines of")
        .hasMessageContaining("log.segment.bytes");
    assertThat(broker.isRunning()).isFalse();
  }
}
