package dev.shears.launcher.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.launcher.Shears;
import dev.shears.model.T5Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.shears.launcher.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelInitCommandTest {
  private final CliRun cli = new CliRun();

  private int run(String... args) {
    return cli.execute(args);
  }

  @Test
  void writesAModelDirectoryOverATrainedTokenizer(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("train.jsonl"),
        "{\"description\": \"the quick brown fox jumps over the lazy dog\", \"synopsis\": \"a fox\"}\n");
    assertThat(run("data", "tokenizer", "--data", dir.toString(), "--vocab-size", "30", "--out",
        dir.resolve("tok").toString())).as(cli.err()).isZero();
    Path model = dir.resolve("model");
    assertThat(run("model", "init", "--tokenizer", dir.resolve("tok").toString(), "--out", model.toString(),
        "--d-model", "16", "--d-kv", "4", "--heads", "2", "--d-ff", "24", "--layers", "1", "--decoder-layers", "2"))
        .as(cli.err()).isZero();
    assertThat(cli.out()).contains("d_model=16 heads=2x4 d_ff=24 layers=1+2 vocab=19");
    assertThat(model.resolve("config.json")).content().contains("\"gated-gelu\"").contains("\"vocab_size\" : 19");
    try (T5Tokenizer t = T5Tokenizer.load(model)) {
      assertThat(t.encode("the fox")).endsWith(1);
    }
  }

  @Test
  void aMissingTokenizerExitsTwoAndSaysHowToTrainOne(@TempDir Path dir) {
    assertThat(run("model", "init", "--tokenizer", dir.toString(), "--out", dir.resolve("m").toString()))
        .isEqualTo(2);
    assertThat(cli.err()).contains(dir.resolve("tokenizer.json").toString()).contains("shears data tokenizer");
  }
}
