package dev.shears.launcher.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.launcher.Shears;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.shears.launcher.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DebianDescriptionsCommandTest {
  private final CliRun cli = new CliRun();

  private int run(String... args) {
    return cli.execute(args);
  }

  @Test
  void helpWorks() {
    assertThat(run("data", "debian-descriptions", "--help")).isZero();
    assertThat(cli.out()).contains("Usage: shears data debian-descriptions").contains("--out=DIR");
  }

  @Test
  void writesTheThreeSplitsAndPrintsTheirCounts(@TempDir Path dir) throws IOException {
    Path lists = Files.createDirectories(dir.resolve("lists"));
    StringBuilder index = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      index.append("Package: tool").append(i).append('\n')
          .append("Description-md5: ").append(i).append('\n')
          .append("Description-en: the tool number ").append(i).append('\n')
          .append(" Tool ").append(i).append(" does one thing and does it well, as every tool\n")
          .append(" .\n")
          .append(" should; this package holds its command.\n\n");
    }
    index.append("Package: tool-twin\nDescription-md5: x\nDescription-en: a twin of tool 0\n")
        .append(" Tool 0 does one thing and does it well, as every tool should; this package holds its command.\n");
    Files.writeString(lists.resolve("example.org_dists_stable_main_i18n_Translation-en"), index, StandardCharsets.UTF_8);
    Path data = dir.resolve("data");

    assertThat(run("data", "debian-descriptions", "--out", data.toString(), "--lists-dir", lists.toString(),
        "--validation-fraction", "0.3", "--test-fraction", "0.3")).as(cli.err()).isZero();

    long lines = 0;
    for (String split : new String[] {"train", "validation", "test"}) {
      long n = Files.readAllLines(data.resolve(split + ".jsonl")).size();
      assertThat(cli.out()).containsPattern(split + " +" + n + " pairs");
      lines += n;
    }
    assertThat(lines).isEqualTo(30);
    assertThat(cli.out()).contains("packages 31; dropped by length 0; dropped as duplicate descriptions 1");
    assertThat(cli.err()).contains("warning: validation holds").contains("fewer than 1,000");
  }

  @Test
  void aMissingIndexExitsTwoNamingTheFilesAndTheFetchCommand(@TempDir Path dir) {
    assertThat(run("data", "debian-descriptions", "--out", dir.resolve("d").toString(),
        "--lists-dir", dir.toString())).isEqualTo(2);
    assertThat(cli.err()).contains(dir.resolve("*_i18n_Translation-en*").toString())
        .contains("apt-get update -o Acquire::Languages=en");
    assertThat(dir.resolve("d")).doesNotExist();
  }
}
