package dev.shears.evaluator.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.events.CheckpointKind;
import dev.shears.events.CheckpointWritten;
import dev.shears.events.ConfidenceInterval;
import dev.shears.events.EvaluationCompleted;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CardRecordingEvaluationTest {
  private static final CheckpointWritten EXPORT =
      new CheckpointWritten("export", 40, CheckpointKind.EXPORT, "file:/x", "abc", 10, "file:/t");
  // rougeL 0.36 vs the teacher's 0.40: the difference -0.04 with interval [-0.06, -0.02] is 90 % [85, 95] retained.
  private static final EvaluationCompleted RESULT = new EvaluationCompleted("abc", "file:/x",
      Map.of("rouge1", 0.5, "rougeL", 0.36), Map.of("rouge1", 0.52, "rougeL", 0.40), 50, 100, 2.0, 10, 20, 0.3,
      Map.of("examples", 128.0, "batchSize", 32.0, "beams", 4.0, "newTokens", 32.0, "timingRounds", 12.0),
      Map.of("rougeL", new ConfidenceInterval(-0.04, -0.06, -0.02, 0.95), "rouge1", new ConfidenceInterval(-0.02, -0.1, 0.1, 0.95)),
      new ConfidenceInterval(2.0, 1.9, 2.1, 0.95));

  @TempDir
  Path dir;

  @Test
  void theEvaluatedExportsCardShowsTheRetainedQualityAndSpeedUpWithTheirIntervals() throws Exception {
    Files.writeString(dir.resolve("README.md"), "# t\n\n## Evaluation\n\nNot evaluated when this directory was "
        + "written.\n\n## Use in transformers\n\nfrom_pretrained\n");

    EvaluationCompleted result = new CardRecordingEvaluation((c, d) -> RESULT).evaluate(EXPORT, dir);

    assertThat(result).isSameAs(RESULT);
    assertThat(dir.resolve("README.md")).content()
        .contains("| rougeL | 36.00 | 40.00 | 90.0 % (85.0–95.0 %) | 2.00× (1.90–2.10×) |")
        .contains("Measured by the Shears evaluator on 128 test examples")
        .contains("(batch 32, beam 4, 32 new tokens, all steps), interval over 12 interleaved timing rounds.")
        .doesNotContain("Not evaluated").endsWith("## Use in transformers\n\nfrom_pretrained\n");
  }

  @Test
  void anExportWithoutACardIsStillEvaluated() {
    assertThat(new CardRecordingEvaluation((c, d) -> RESULT).evaluate(EXPORT, dir)).isSameAs(RESULT);
    assertThat(dir.resolve("README.md")).doesNotExist();
  }
}
