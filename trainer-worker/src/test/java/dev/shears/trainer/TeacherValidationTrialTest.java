package dev.shears.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.events.CheckpointKind;
import dev.shears.events.CheckpointWritten;
import dev.shears.events.LossEvent;
import dev.shears.events.ValidationEvent;
import dev.shears.trainer.checkpoint.CheckpointStore;
import dev.shears.trainer.telemetry.CollectingSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Teacher fine-tuning with periodic validation on builtin:tiny-t5 and the copy-prefix task (real DJL). */
class TeacherValidationTrialTest {
  @TempDir
  Path root;

  private TrialOutcome.Succeeded run(ObjectNode node, CollectingSink sink) {
    TrialOutcome outcome = new TrialRunner(new CheckpointStore(root), TinyTrials.copyPrefixData())
        .run(TinyTrials.parse(node), null, sink, new StopSignal());
    assertThat(outcome).isInstanceOf(TrialOutcome.Succeeded.class);
    return (TrialOutcome.Succeeded) outcome;
  }

  private static ObjectNode spec(String trialId, int teacherSteps, int every, int patience, double minDelta) {
    ObjectNode node = TinyTrials.nashSpec(trialId, teacherSteps, 2, 1);
    node.with("teacher").with("finetune").put("validateEvery", every).put("patience", patience)
        .put("minDelta", minDelta).put("lr", 3e-3);
    return node;
  }

  private static CheckpointWritten export(CollectingSink sink) {
    return sink.events(CheckpointWritten.class).stream().filter(c -> c.kind() == CheckpointKind.EXPORT)
        .findFirst().orElseThrow();
  }

  @Test
  void validatesEveryNStepsStreamsEachPointAndWritesTheCurveBesideTheTeacher() throws Exception {
    CollectingSink sink = new CollectingSink();
    TrialOutcome.Succeeded ok = run(spec("t-curve", 12, 4, 0, 0.001), sink);

    List<ValidationEvent> points = sink.events(ValidationEvent.class).stream()
        .filter(v -> v.stage().equals("finetune-teacher")).toList();
    assertThat(points).extracting(ValidationEvent::step).containsExactly(4L, 8L, 12L);
    assertThat(points).allSatisfy(v -> {
      assertThat(v.rougeL()).isBetween(0.0, 1.0);
      assertThat(v.validationLoss()).isPositive().isFinite();
    });
    assertThat(sink.events(LossEvent.class).stream().filter(l -> l.stage().equals("finetune-teacher"))).hasSize(12);

    Path teacher = CheckpointStore.pathOf(export(sink).teacherUri());
    List<String> csv = Files.readAllLines(teacher.resolve("curve.csv"));
    assertThat(csv).hasSize(4);
    assertThat(csv.get(0)).isEqualTo("step,train_loss,validation_loss,rouge_l,wall_seconds");
    assertThat(csv.get(3)).startsWith("12,");
    assertThat(teacher.resolve("curve.json")).exists();
    assertThat(ok.summary()).containsEntry("finetune-teacher.validations", 3.0)
        .containsEntry("finetune-teacher.stoppedOnPlateau", 0.0)
        .containsEntry("finetune-teacher.steps", 12.0);
  }

  @Test
  void stopsOnAPlateauAndPublishesTheBestValidatedModel() throws Exception {
    CollectingSink sink = new CollectingSink();
    // No later result can beat the first by a whole ROUGE-L point, so the second validation ends training.
    TrialOutcome.Succeeded ok = run(spec("t-plateau", 40, 3, 1, 1.0), sink);

    assertThat(sink.events(ValidationEvent.class).stream().filter(v -> v.stage().equals("finetune-teacher")))
        .extracting(ValidationEvent::step).containsExactly(3L, 6L);
    assertThat(sink.events(LossEvent.class).stream().filter(l -> l.stage().equals("finetune-teacher"))).hasSize(6);
    assertThat(ok.summary()).containsEntry("finetune-teacher.stoppedOnPlateau", 1.0)
        .containsEntry("finetune-teacher.bestStep", 3.0)
        .containsEntry("finetune-teacher.steps", 6.0);

    Path published = CheckpointStore.pathOf(export(sink).teacherUri());
    Path best = root.resolve("t-plateau").resolve("teacher-best");
    assertThat(Files.mismatch(published.resolve("model.safetensors"), best.resolve("model.safetensors")))
        .isEqualTo(-1L);
  }
}
