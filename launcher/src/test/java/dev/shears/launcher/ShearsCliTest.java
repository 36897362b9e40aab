package dev.shears.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShearsCliTest {
  private final CliRun cli = new CliRun();

  private int run(String... args) {
    return cli.execute(args);
  }

  @Test
  void unknownFlagPrintsUsageAndExitsTwo() {
    assertThat(run("up", "--no-such-flag")).isEqualTo(2);
    assertThat(cli.err()).contains("Unknown option: '--no-such-flag'").contains("Usage: shears up");
  }

  @Test
  void benchSpeedRefusesADecoderWidthOutsideZeroToOneBeforeTimingAnything() {
    assertThat(run("bench", "speed", "--decoder-width", "0.5,1.5")).isEqualTo(2);
    assertThat(cli.err()).contains("Invalid decoder width 1.5: must be in (0, 1]");
    assertThat(cli.out()).doesNotContain("decoder layers");
  }

  @Test
  void aUserErrorOfANestedCommandNamesTheWholeCommand(@TempDir Path dir) {
    Path nowhere = dir.resolve("nowhere");
    assertThat(run("bench", "asha", "--teacher", nowhere.toString(), "--data", nowhere.toString())).isEqualTo(2);
    assertThat(cli.err()).startsWith("shears bench asha: --data " + nowhere + " does not exist");
  }

  @Test
  void exitWhenDoneWithoutTheDemoIsRefusedBeforeAnythingStarts(@TempDir Path dir) {
    assertThat(run("up", "--data-dir", dir.toString(), "--exit-when-done")).isEqualTo(2);
    assertThat(cli.err()).contains("--exit-when-done needs --demo");
    assertThat(dir.resolve("kafka")).doesNotExist();
  }

  @Test
  void reportRefusesAClaimThresholdOutsideItsRangeBeforeReadingKafka() {
    assertThat(run("report", "some-experiment", "--claim-retained", "1.5", "--bootstrap", "127.0.0.1:1")).isEqualTo(2);
    assertThat(cli.err()).contains("--claim-retained").contains("1.5");
    assertThat(run("report", "some-experiment", "--claim-speedup", "-1", "--bootstrap", "127.0.0.1:1")).isEqualTo(2);
    assertThat(cli.err()).contains("--claim-speedup");
  }

  @Test
  void unknownCommandExitsTwo() {
    assertThat(run("launch-rockets")).isEqualTo(2);
    assertThat(cli.err()).contains("launch-rockets");
  }

  @Test
  void brokerNamesABadVotersStringWithoutStartingAnything(@TempDir Path dir) {
    assertThat(run("broker", "--data-dir", dir.toString(), "--node-id", "1", "--cluster-id",
        "c2hlYXJzLWtyYWZ0LTAwMQ", "--controller-quorum-voters", "1@a:9093,b:9093")).isEqualTo(2);
    assertThat(cli.err()).contains("'b:9093' is not id@host:port").contains("1@kafka-1:9093");
    assertThat(dir.resolve("cluster.id")).doesNotExist();
  }

  @Test
  void brokerNeedsAClusterIdToJoinAQuorumAndChecksItsForm(@TempDir Path dir) {
    assertThat(run("broker", "--data-dir", dir.toString(), "--controller-quorum-voters", "1@a:9093,2@b:9093"))
        .isEqualTo(2);
    assertThat(cli.err()).contains("--cluster-id is required with --controller-quorum-voters");
    assertThat(run("broker", "--data-dir", dir.toString(), "--cluster-id", "shears-kraft-cluster-0001"))
        .isEqualTo(2);
    assertThat(cli.err()).contains("Invalid value 'shears-kraft-cluster-0001' for clusterId");
    assertThat(run("broker", "--data-dir", dir.toString(), "--node-id", "4", "--cluster-id",
        "c2hlYXJzLWtyYWZ0LTAwMQ", "--controller-quorum-voters", "1@a:9093,2@b:9093")).isEqualTo(2);
    assertThat(cli.err()).contains("nodeId 4 is not among the controller quorum voters");
  }

  @Test
  void topicReplicationOptionsNeedCreate() {
    assertThat(run("topics", "--bootstrap", "127.0.0.1:1", "--replication-factor", "3")).isEqualTo(2);
    assertThat(cli.err()).contains("add --create");
  }

  @Test
  void versionNamesTheProduct() {
    assertThat(run("version")).isZero();
    assertThat(cli.out()).startsWith("shears ");
  }

  @Test
  void busyPortIsNamed(@TempDir Path dir) throws IOException {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = taken.getLocalPort();
      assertThat(run("up", "--data-dir", dir.toString(), "--dashboard-port", Integer.toString(port))).isEqualTo(2);
      assertThat(cli.err()).contains("Port " + port).contains("--dashboard-port");
    }
    assertThat(dir.resolve("kafka")).doesNotExist();
  }

  @Test
  void aServiceOnABusyPortNamesTheAddress() throws IOException {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = taken.getLocalPort();
      assertThat(run("dashboard", "--port", Integer.toString(port), "--bootstrap", "127.0.0.1:1")).isEqualTo(2);
      assertThat(cli.err()).contains("127.0.0.1:" + port, "Address already in use");
    }
  }

  @Test
  void unwritableDataDirIsNamed(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    Path bad = file.resolve("state");
    assertThat(run("up", "--data-dir", bad.toString(), "--dashboard-port", "0", "--orchestrator-port", "0"))
        .isEqualTo(2);
    assertThat(cli.err()).contains(bad.toString()).contains("not writable");
  }

  @Test
  void evalRougePrintsCorpusF1AsJson(@TempDir Path dir) throws IOException {
    Path pred = Files.writeString(dir.resolve("pred.txt"), "the cat sat\n");
    Path ref = Files.writeString(dir.resolve("ref.txt"), "the cat sat down\n");
    assertThat(run("eval", "rouge", "--pred", pred.toString(), "--ref", ref.toString(), "--json"))
        .as(cli.err()).isZero();
    // rouge1: P = 3/3, R = 3/4 → F1 = 6/7; rouge2: P = 2/2, R = 2/3 → F1 = 0.8.
    assertThat(cli.out().trim()).isEqualTo("{\"rouge1\":0.8571428571428571,\"rouge2\":0.8,"
        + "\"rougeL\":0.8571428571428571,\"rougeLsum\":0.8571428571428571}");
  }

  @Test
  void evalRougePrintsF1TimesOneHundredAsEveryReportDoes(@TempDir Path dir) throws IOException {
    Path pred = Files.writeString(dir.resolve("pred.txt"), "the cat sat\n");
    Path ref = Files.writeString(dir.resolve("ref.txt"), "the cat sat down\n");
    assertThat(run("eval", "rouge", "--pred", pred.toString(), "--ref", ref.toString(), "--types", "rougeL"))
        .as(cli.err()).isZero();
    assertThat(cli.out()).contains("1 pairs, stemming off; F1 × 100").contains("rougeL     85.71");
  }

  @Test
  void evalRougeWithFilesOfDifferentLengthsNamesBothCounts(@TempDir Path dir) throws IOException {
    Path pred = Files.writeString(dir.resolve("pred.txt"), "a b\nc d\n");
    Path ref = Files.writeString(dir.resolve("ref.txt"), "a b\n");
    assertThat(run("eval", "rouge", "--pred", pred.toString(), "--ref", ref.toString(), "--json")).isEqualTo(2);
    assertThat(cli.err()).contains("2", "1");
  }

  @Test
  void evalAndEvaluatorStillRequireTheirOptions() {
    assertThat(run("eval", "--data", "builtin:synthetic-summarize")).isEqualTo(2);
    assertThat(cli.err()).contains("Missing required options: '--model=DIR', '--teacher=DIR'");
    assertThat(run("evaluator", "--bootstrap", "127.0.0.1:1")).isEqualTo(2);
    assertThat(cli.err()).contains("Missing required option: '--data=FILE|builtin:NAME'");
  }

  @Test
  void tailRejectsAnUnknownTopicByName() {
    assertThat(run("tail", "shears.nope", "--bootstrap", "127.0.0.1:1")).isEqualTo(2);
    assertThat(cli.err()).contains("Unknown topic shears.nope");
  }
}
