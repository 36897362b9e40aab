package dev.shears.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.events.CheckpointKind;
import dev.shears.events.CheckpointWritten;
import dev.shears.events.LossEvent;
import dev.shears.events.MaskEvent;
import dev.shears.events.StageCompleted;
import dev.shears.events.StageStarted;
import dev.shears.trainer.checkpoint.CheckpointStore;
import dev.shears.trainer.spec.TrialSpecException;
import dev.shears.trainer.telemetry.CollectingSink;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NumericalTrialTest {
  @TempDir
  Path root;

  /** A numerical trial on tiny-t5; the data factory ignores the (schema-valid) dataset name. */
  private static ObjectNode spec(String trialId, int finetuneSteps) {
    ObjectNode spec = TinyTrials.nashSpec(trialId, 4, 1, 0).put("method", "numerical").put("name", "numerical-test");
    spec.remove("nash");
    spec.putObject("task").put("dataset", "builtin:synthetic-summarize");
    ObjectNode n = spec.putObject("numerical").put("sparsity", 0.4).put("calibrationExamples", 18)
        .put("decoderLayers", 3);
    n.putObject("finetunePruned").put("steps", finetuneSteps).put("lr", 1e-3);
    return spec;
  }

  @Test
  void aNumericalTrialPrunesWithoutTrainingAndExports() {
    CollectingSink sink = new CollectingSink();
    TrialRunner runner = new TrialRunner(new CheckpointStore(root), TinyTrials.copyPrefixData());
    TrialOutcome outcome = runner.run(TinyTrials.parse(spec("t-num", 0)), null, sink, new StopSignal());
    assertThat(outcome).isInstanceOf(TrialOutcome.Succeeded.class);
    var summary = ((TrialOutcome.Succeeded) outcome).summary();
    assertThat(sink.events(StageStarted.class)).extracting(StageStarted::stage)
        .containsExactly("finetune-teacher", "prune-numerical", "finetune-pruned", "export");
    assertThat(sink.events(StageCompleted.class)).hasSize(4);
    // Only the teacher trains: its 4 steps are the trial's only loss events.
    assertThat(sink.events(LossEvent.class)).extracting(LossEvent::stage).containsOnly("finetune-teacher").hasSize(4);
    MaskEvent mask = sink.events(MaskEvent.class).get(0);
    assertThat(mask.stage()).isEqualTo("prune-numerical");
    assertThat(mask.headZ()).hasSize(6);
    assertThat(mask.expectedSparsity()).isCloseTo(0.4, within(0.02));
    assertThat(summary.get("prune-numerical.sparsity")).isCloseTo(0.4, within(0.02));
    assertThat(summary.get("prune-numerical.reconstructionErrorCompensated"))
        .isLessThan(summary.get("prune-numerical.reconstructionErrorSliced"));
    assertThat(summary.get("prune-numerical.calibrationExamples")).isEqualTo(18.0);
    assertThat(summary.get("export.decoderLayers")).isEqualTo(3.0);
    // With 3 of 12 decoder layers kept first, the whole model loses far more than the in-scope 40%.
    assertThat(summary.get("export.modelSparsity")).isGreaterThan(0.6);
    CheckpointWritten export = sink.events(CheckpointWritten.class).stream()
        .filter(c -> c.kind() == CheckpointKind.EXPORT).findFirst().orElseThrow();
    Path dir = CheckpointStore.pathOf(export.uri());
    assertThat(dir.resolve("pruning.json")).exists();
    assertThat(CheckpointStore.verify(dir)).isEqualTo(export.sha256());
    // The export's stage metrics say per layer what pruning.json keeps, for the dashboard's trial page.
    dev.shears.model.PruningInfo kept = dev.shears.model.PruningInfo.read(dir.resolve("pruning.json"));
    for (int l = 0; l < kept.encoderHeads().length; l++) {
      assertThat(summary.get("export.kept.encoder." + l + ".heads")).isEqualTo(kept.encoderHeads()[l].length);
      assertThat(summary.get("export.kept.encoder." + l + ".ffnDims")).isEqualTo(kept.encoderFfnDims()[l].length);
    }
    for (int k = 0; k < 3; k++) {
      assertThat(summary.get("export.kept.decoder." + k + ".layer")).isEqualTo(kept.decoderLayerMap()[k]);
    }
    assertThat(summary).doesNotContainKey("export.kept.decoder.3.layer").containsEntry("export.teacher.decoderLayers", 12.0);
  }

  @Test
  void theOptionalFinetuneRunsItsSteps() {
    CollectingSink sink = new CollectingSink();
    TrialRunner runner = new TrialRunner(new CheckpointStore(root), TinyTrials.copyPrefixData());
    TrialOutcome outcome = runner.run(TinyTrials.parse(spec("t-num-ft", 3)), null, sink, new StopSignal());
    assertThat(outcome).isInstanceOf(TrialOutcome.Succeeded.class);
    assertThat(sink.events(LossEvent.class)).filteredOn(e -> e.stage().equals("finetune-pruned")).hasSize(3);
  }

  @Test
  void aBadNumericalSectionNamesEveryField() {
    ObjectNode bad = spec("t-bad", 0);
    ((ObjectNode) bad.get("numerical")).put("sparsity", 1.5).put("scope", "middle");
    assertThatThrownBy(() -> TinyTrials.parse(bad)).isInstanceOf(TrialSpecException.class)
        .hasMessageContaining("numerical.sparsity").hasMessageContaining("numerical.scope");
  }
}
