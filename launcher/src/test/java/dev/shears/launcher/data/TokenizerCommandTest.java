package dev.shears.launcher.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.launcher.Shears;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.shears.launcher.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizerCommandTest {
  private final CliRun cli = new CliRun();

  private int run(String... args) {
    return cli.execute(args);
  }

  @Test
  void helpWorks() {
    assertThat(run("data", "tokenizer", "--help")).isZero();
    assertThat(cli.out()).contains("Usage: shears data tokenizer").contains("--vocab-size=N");
  }

  @Test
  void trainsOnTheTrainingSplitAndWritesTokenizerJson(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("train.jsonl"),
        "{\"package\": \"a\", \"description\": \"the quick brown fox jumps over the lazy dog\", \"synopsis\": \"a fox\"}\n"
            + "{\"package\": \"b\", \"description\": \"the lazy dog sleeps\", \"synopsis\": \"a dog\"}\n");
    assertThat(run("data", "tokenizer", "--data", dir.toString(), "--vocab-size", "30", "--out",
        dir.resolve("tok").toString())).as(cli.err()).isZero();
    assertThat(cli.out()).contains("trained on 2 records").contains("vocabulary 30");
    assertThat(dir.resolve("tok/tokenizer.json")).content().contains("\"<pad>\" : 0");
  }

  @Test
  void missingTrainingSplitExitsTwoAndSaysHowToMakeIt(@TempDir Path dir) {
    assertThat(run("data", "tokenizer", "--data", dir.toString(), "--vocab-size", "100", "--out",
        dir.resolve("tok").toString())).isEqualTo(2);
    assertThat(cli.err()).contains(dir.resolve("train.jsonl").toString())
        .contains("shears data debian-descriptions");
  }
}
