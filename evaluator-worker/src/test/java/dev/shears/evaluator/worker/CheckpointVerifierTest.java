package dev.shears.evaluator.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointVerifierTest {

  @TempDir
  Path root;

  private final CheckpointVerifier verifier = new CheckpointVerifier();

  @Test
  void acceptsAnIntactExport() throws Exception {
    Path dir = root.resolve("export");
    String sha = ExportFixture.write(dir, "config.json", "{}", "model.safetensors", "weights");
    assertThat(verifier.verify(dir, sha)).isEqualTo(dir);
    assertThat(verifier.verify(CheckpointVerifier.pathOf(dir.toUri().toString()), sha)).isEqualTo(dir);
  }

  @Test
  void namesAMissingCheckpoint() {
    Path dir = root.resolve("gone");
    assertThat(assertThrows(EvaluationException.class, () -> verifier.verify(dir, "ab")).getMessage())
        .contains(dir.toString()).contains("missing");
  }

  @Test
  void namesAShaMismatch() throws Exception {
    Path dir = root.resolve("export");
    String sha = ExportFixture.write(dir, "config.json", "{}");
    String wrong = "0".repeat(64);
    assertThat(assertThrows(EvaluationException.class, () -> verifier.verify(dir, wrong)).getMessage())
        .contains("sha256 mismatch").contains(wrong).contains(sha);
  }

  @Test
  void namesACorruptFile() throws Exception {
    Path dir = root.resolve("export");
    String sha = ExportFixture.write(dir, "config.json", "{}", "model.safetensors", "weights");
    ExportFixture.corrupt(dir.resolve("model.safetensors"));
    assertThat(assertThrows(EvaluationException.class, () -> verifier.verify(dir, sha)).getMessage())
        .contains("model.safetensors").contains("corrupt");
  }
}
