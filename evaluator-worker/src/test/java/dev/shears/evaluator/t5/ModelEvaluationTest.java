package dev.shears.evaluator.t5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.shears.evaluator.quality.EvalData;
import dev.shears.evaluator.quality.EvalExample;
import dev.shears.evaluator.quality.EvalSettings;
import dev.shears.evaluator.quality.ModelEvaluation;
import dev.shears.evaluator.quality.ModelReport;
import dev.shears.evaluator.quality.QualityMetrics;
import dev.shears.evaluator.worker.EvaluationException;
import dev.shears.events.CheckpointKind;
import dev.shears.events.CheckpointWritten;
import dev.shears.events.EvaluationCompleted;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole evaluation on real (tiny, randomly initialised) T5 models saved as HF directories. */
class ModelEvaluationTest {

  @TempDir
  Path root;

  @Test
  void evaluatesAStudentAgainstItsTeacher() throws Exception {
    Path teacher = root.resolve("teacher");
    Path student = root.resolve("student");
    TinyModels.write(teacher, student);
    List<EvalExample> data = EvalData.open("builtin:synthetic-summarize", "input", "target", 6, 1);
    EvalSettings settings = new EvalSettings(3, 2, 6, 1, 5, List.of("rouge", "squad"), true, 0);
    try (T5ModelSource source = new T5ModelSource()) {
      ModelEvaluation evaluation = new ModelEvaluation(settings, source, data,
          new QualityMetrics(settings.metrics(), settings.stem(), () -> null), null);
      ModelReport report = evaluation.evaluate(student, teacher);
      assertThat(report.metrics()).containsOnlyKeys("rouge1", "rouge2", "rougeL", "rougeLsum", "exactMatch", "f1");
      assertThat(report.teacherMetrics()).containsOnlyKeys(report.metrics().keySet());
      assertThat(report.metrics().values()).allSatisfy(v -> assertThat(v).isBetween(0.0, 1.0));
      assertThat(report.intervals().get("rougeL").low()).isLessThanOrEqualTo(report.metrics().get("rougeL"));
      assertThat(report.stats().decoderLayers()).isEqualTo(2);
      assertThat(report.teacherStats().decoderLayers()).isEqualTo(12);
      assertThat(report.encoderSparsity()).isZero();
      assertThat(report.speed().teacher().runsMs()).hasSize(5);
      assertThat(report.speed().speedup()).isGreaterThan(1.0);
      assertThat(report.examples()).isEqualTo(6);

      CheckpointWritten cw = new CheckpointWritten("export", 10, CheckpointKind.EXPORT, student.toUri().toString(),
          "f".repeat(64), 1, teacher.toUri().toString());
      EvaluationCompleted event = evaluation.evaluate(cw, student);
      assertThat(event.sha256()).isEqualTo(cw.sha256());
      assertThat(event.teacherMetrics()).isEqualTo(report.teacherMetrics());
      assertThat(event.params()).isLessThan(event.teacherParams());
      assertThat(event.extra()).containsKeys("tokensPerSecond", "latencySpreadPercent", "decoderLayers",
          "rougeL.ci95.low", "rougeL.ci95.high");
      assertThat(event.extra().get("decoderLayers")).isEqualTo(2.0);
      // tiny-t5: 6 encoder layers of 4 heads (4·128·32 each) and a 512-wide FFN (2·128·512); a decoder layer adds
      // cross-attention heads. 2 of 12 decoder layers kept, the encoder whole.
      long encoderLayer = 4 * 16384 + 131072;
      long decoderLayer = 8 * 16384 + 131072;
      assertThat(event.extra().get("modelSparsity")).isCloseTo(
          1 - (6.0 * encoderLayer + 2 * decoderLayer) / (6 * encoderLayer + 12 * decoderLayer), within(1e-9));
      assertThat(event.extra().get("timingRounds")).isEqualTo(5.0);
      // The paired difference to the teacher is over the same examples: its estimate is the difference of means.
      assertThat(event.teacherDifference()).containsKeys("rougeL", "f1");
      assertThat(event.teacherDifference().get("rougeL").mean())
          .isCloseTo(event.metrics().get("rougeL") - event.teacherMetrics().get("rougeL"), within(1e-12));
      assertThat(event.teacherDifference().get("rougeL").low()).isLessThanOrEqualTo(
          event.teacherDifference().get("rougeL").mean());
      assertThat(event.speedupInterval().mean()).isEqualTo(event.speedup());
      assertThat(event.speedupInterval().low()).isLessThanOrEqualTo(event.speedup());
      assertThat(event.speedupInterval().high()).isGreaterThanOrEqualTo(event.speedup());
    }
  }

  @Test
  void aDirectoryThatDoesNotLoadIsNamed() throws Exception {
    Path teacher = root.resolve("teacher");
    Path student = root.resolve("student");
    TinyModels.write(teacher, student);
    Files.writeString(student.resolve("config.json"), "{\"d_model\": \"wide\"}");
    try (T5ModelSource source = new T5ModelSource()) {
      EvaluationException e = assertThrows(EvaluationException.class, () -> source.load(student));
      assertThat(e.getMessage()).contains(student.toString()).contains("does not load");
    }
  }
}
