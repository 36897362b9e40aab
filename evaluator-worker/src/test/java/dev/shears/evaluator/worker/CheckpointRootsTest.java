package dev.shears.evaluator.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.shears.events.PathRoots;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An export named in a Kafka record is evaluated only where this worker's roots allow. */
class CheckpointRootsTest {
  @TempDir
  Path dir;

  @Test
  void anExportOutsideTheRootsIsRefusedBeforeItIsRead() {
    CheckpointVerifier verifier = new CheckpointVerifier(PathRoots.under(dir));

    EvaluationException e = assertThrows(EvaluationException.class, () -> verifier.verify(Path.of("/etc"), "00"));

    assertThat(e.getMessage()).contains("refused by this worker").contains("outside the allowed model roots");
  }

  @Test
  void anExportBehindASymbolicLinkOutOfTheRootsIsRefused() throws Exception {
    Path outside = Files.createDirectories(dir.resolve("outside/export"));
    Files.createDirectories(dir.resolve(".shears"));
    Path link = Files.createSymbolicLink(dir.resolve(".shears/checkpoints"), outside.getParent());
    CheckpointVerifier verifier = new CheckpointVerifier(PathRoots.under(dir));

    EvaluationException e = assertThrows(EvaluationException.class,
        () -> verifier.verify(link.resolve("export"), "00"));

    assertThat(e.getMessage()).contains("symbolic link");
  }
}
