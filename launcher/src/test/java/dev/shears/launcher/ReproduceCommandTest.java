package dev.shears.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code shears reproduce} refuses missing inputs, naming the path and the command that makes it, before starting. */
class ReproduceCommandTest {
  private final CliRun cli = new CliRun();

  @TempDir
  Path dir;
  private Path data;
  private Path teacher;
  private Path state;

  @BeforeEach
  void inputs() throws IOException {
    data = ReproductionFixture.data(dir);
    teacher = ReproductionFixture.teacher(dir);
    state = dir.resolve("state");
  }

  private int reproduce(String... extra) {
    String[] args = new String[] {"reproduce", "--quick", "--data-dir", state.toString(), "--teacher",
        teacher.toString(), "--data", data.toString()};
    String[] all = new String[args.length + extra.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(extra, 0, all, args.length, extra.length);
    return cli.execute(all);
  }

  @Test
  void aMissingSplitNamesTheFileAndTheDataCommand() throws IOException {
    Files.delete(data.resolve("test.jsonl"));
    assertThat(reproduce()).isEqualTo(2);
    assertThat(cli.err()).contains("--data " + data + " lacks test.jsonl")
        .contains("./shears data debian-descriptions --out " + data);
    assertThat(state).doesNotExist();
  }

  @Test
  void aMissingDatasetDirectoryIsSaidToBeMissing() {
    assertThat(cli.execute("reproduce", "--data-dir", state.toString(), "--teacher", teacher.toString(), "--data",
        dir.resolve("nowhere").toString())).isEqualTo(2);
    assertThat(cli.err()).contains("--data " + dir.resolve("nowhere") + " does not exist");
  }

  @Test
  void withoutDataItReadsTheDirectoryTheDataCommandIsShownWriting() {
    assertThat(cli.execute("reproduce", "--data-dir", state.toString(), "--teacher", teacher.toString()))
        .isEqualTo(2);
    assertThat(cli.err()).contains("--data " + Path.of("data/debian-descriptions").toAbsolutePath() + " ")
        .contains("./shears data debian-descriptions --out ");
    assertThat(cli.execute("reproduce", "--help")).isZero();
    assertThat(cli.out()).contains("(default: data/debian-descriptions)").contains("(default: models/teacher)");
  }

  @Test
  void aMissingTeacherNamesItsFilesAndHowToMakeIt() throws IOException {
    Files.delete(teacher.resolve("model.safetensors"));
    assertThat(reproduce()).isEqualTo(2);
    assertThat(cli.err()).contains("--teacher " + teacher + " lacks model.safetensors")
        .contains("./shears model init --tokenizer");
    assertThat(state).doesNotExist();
  }

  @Test
  void aTeacherWithoutATokenizerNamesTheTokenizerCommand() throws IOException {
    Files.delete(teacher.resolve("tokenizer.json"));
    assertThat(reproduce()).isEqualTo(2);
    assertThat(cli.err()).contains("lacks tokenizer.json").contains("./shears data tokenizer --data " + data);
  }

  @Test
  void aTeacherShallowerThanTheDeepestArmIsRefused() throws IOException {
    Files.writeString(teacher.resolve("config.json"), "{\"num_layers\": 6, \"num_decoder_layers\": 3}");
    assertThat(reproduce()).isEqualTo(2);
    assertThat(cli.err()).contains("has 3 decoder layers").contains("NASH-4").contains("at least 4");
  }

  @Test
  void aBusyDashboardPortIsRefusedBeforeAnythingStarts() throws IOException {
    try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertThat(reproduce("--dashboard-port", Integer.toString(busy.getLocalPort()))).isEqualTo(2);
      assertThat(cli.err()).contains("Port " + busy.getLocalPort()).contains("--dashboard-port");
      assertThat(state.resolve("kafka")).doesNotExist();
    }
  }
}
