package dev.shears.launcher.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.launcher.Shears;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TokenizerCommandTest {
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
    assertThat(run("data", "tokenizer", "--help")).isZero();
    assertThat(out.toString()).contains("Usage: shears data tokenizer").contains("--vocab-size=N");
  }

  @Test
  void trainsOnTheTrainingSplitAndWritesTokenizerJson(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("train.jsonl"),
        "{\"package\": \"a\", \"description\": \"the quick brown fox jumps over the lazy dog\", \"synopsis\": \"a fox\"}\n"
            + "{\"package\": \"b\", \"description\": \"the lazy dog sleeps\", \"synopsis\": \"a dog\"}\n");
    assertThat(run("data", "tokenizer", "--data", dir.toString(), "--vocab-size", "30", "--out",
        dir.resolve("tok").toString())).as(err.toString()).isZero();
    assertThat(out.toString()).contains("trained on 2 records").contains("vocabulary 30");
    assertThat(dir.resolve("tok/tokenizer.json")).content().contains("\"<pad>\" : 0");
  }

  @Test
  void missingTrainingSplitExitsTwoAndSaysHowToMakeIt(@TempDir Path dir) {
    assertThat(run("data", "tokenizer", "--data", dir.toString(), "--vocab-size", "100", "--out",
        dir.resolve("tok").toString())).isEqualTo(2);
    assertThat(err.toString()).contains(dir.resolve("train.jsonl").toString())
        .contains("shears data debian-descriptions");
  }
}
