package dev.shears.launcher.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.launcher.Shears;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DebianDescriptionsCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Shears.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void helpWorks() {
    assertThat(run("data", "debian-descriptions", "--help")).isZero();
    assertThat(out.toString()).contains("Usage: shears data debian-descriptions").contains("--out=DIR");
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
        "--validation-fraction", "0.3", "--test-fraction", "0.3")).as(err.toString()).isZero();

    long lines = 0;
    for (String split : new String[] {"train", "validation", "test"}) {
      long n = Files.readAllLines(data.resolve(split + ".jsonl")).size();
      assertThat(out.toString()).containsPattern(split + " +" + n + " pairs");
      lines += n;
    }
    assertThat(lines).isEqualTo(30);
    assertThat(out.toString()).contains("packages 31; dropped by length 0; dropped as duplicate descriptions 1");
    assertThat(err.toString()).contains("warning: validation holds").contains("fewer than 1,000");
  }

  @Test
  void aMissingIndexExitsTwoNamingTheFilesAndTheFetchCommand(@TempDir Path dir) {
    assertThat(run("data", "debian-descriptions", "--out", dir.resolve("d").toString(),
        "--lists-dir", dir.toString())).isEqualTo(2);
    assertThat(err.toString()).contains(dir.resolve("*_i18n_Translation-en*").toString())
        .contains("apt-get update -o Acquire::Languages=en");
    assertThat(dir.resolve("d")).doesNotExist();
  }
}
