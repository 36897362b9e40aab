package dev.shears.trainer.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
  @TempDir
  Path root;

  private CheckpointStore.Written export() {
    return new CheckpointStore(root).write("t1", "export", dir -> {
      try {
        Files.writeString(dir.resolve("model.safetensors"), "weights");
        Files.writeString(dir.resolve("README.md"), "## Evaluation\n\nNot evaluated\n");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  @Test
  void theModelCardMayBeRewrittenAfterPublishingWithoutCorruptingTheCheckpoint() throws Exception {
    CheckpointStore.Written written = export();
    assertThat(Files.readString(written.dir().resolve(CheckpointStore.MANIFEST)))
        .contains("model.safetensors").doesNotContain("README.md");

    Files.writeString(written.dir().resolve("README.md"), "## Evaluation\n\n| rougeL | 36.00 |\n");

    assertThat(CheckpointStore.verify(written.dir())).isEqualTo(written.sha256());
    assertThat(new CheckpointStore(root).find("t1", "export")).map(CheckpointStore.Written::sha256)
        .contains(written.sha256());
  }

  @Test
  void anyOtherChangedFileIsCorrupt() throws Exception {
    CheckpointStore.Written written = export();
    Files.writeString(written.dir().resolve("model.safetensors"), "other weights");
    assertThatThrownBy(() -> CheckpointStore.verify(written.dir())).hasMessageContaining("model.safetensors")
        .hasMessageContaining("corrupt");
  }
}
