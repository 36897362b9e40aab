package dev.shears.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.events.CheckpointKind;
import dev.shears.events.CheckpointWritten;
import dev.shears.events.StageStarted;
import dev.shears.model.PruningInfo;
import dev.shears.model.T5Model;
import dev.shears.trainer.checkpoint.CheckpointStore;
import dev.shears.trainer.telemetry.CollectingSink;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Short cofi and l0-selection trials on builtin:tiny-t5 (6 encoder, 12 decoder layers). */
class GatedDecoderTrialsTest {
  private static final int TEACHER_PARAMS = 4_354_560;

  @TempDir
  Path root;

  @Test
  void l0SelectionGatesDecoderSublayersTowardOneMinusDsOverL() {
    ObjectNode node = TinyTrials.nashSpec("t-l0", 2, 100, 2);
    // d_s = 6 of 12: decoder target 1 − 6/12 = 0.5 beside the encoder's 0.3, one λ1/λ2 for both.
    node.with("nash").put("selection", "l0").put("decoderLayers", 6).put("regLr", 0.2)
        .put("sparsityWarmupSteps", 50);
    CollectingSink sink = new CollectingSink();
    Map<String, Double> summary = run(node, sink);
    assertThat(sink.events(StageStarted.class)).extracting(StageStarted::stage)
        .containsExactly("finetune-teacher", "select-decoder", "prune-encoder", "finetune-pruned", "export");
    assertThat(summary.get("select-decoder.decoderLayers")).isEqualTo(12.0);
    assertThat(summary.get("prune-encoder.decoderTarget")).isEqualTo(0.5);
    assertThat(summary.get("prune-encoder.expectedSparsity")).isCloseTo(0.3, within(0.1));
    assertThat(summary.get("prune-encoder.decoderExpectedSparsity")).isCloseTo(0.5, within(0.1));
    try (NDManager m = NDManager.newBaseManager(); T5Model exported = exported(sink, m)) {
      assertThat((double) exported.numParameters()).isEqualTo(summary.get("export.params"));
      assertThat(exported.numParameters()).isLessThan(TEACHER_PARAMS);
      PruningInfo layout = exported.layout();
      int layers = exported.config().numDecoderLayers();
      assertThat((double) layers).isEqualTo(summary.get("export.decoderLayers"));
      int kept = 0;
      for (int k = 0; k < layers; k++) {
        // Coarse gates only: a decoder sublayer is kept whole or dropped.
        assertThat(layout.decoderSelfHeads()[k].length).isIn(0, 4);
        assertThat(layout.decoderCrossHeads()[k].length).isIn(0, 4);
        assertThat(layout.decoderFfnDims()[k].length).isIn(0, 512);
        kept += (layout.decoderSelfHeads()[k].length + layout.decoderCrossHeads()[k].length) * 4 * 128 * 32
            + layout.decoderFfnDims()[k].length * 2 * 128;
      }
      double decoderSparsity = 1 - kept / (12.0 * (2 * 4 * 4 * 128 * 32 + 2 * 128 * 512));
      assertThat(decoderSparsity).isCloseTo(summary.get("prune-encoder.decoderExpectedSparsity"), within(0.1));
    }
  }

  @Test
  void cofiGatesEncoderAndDecoderTowardOneWholeModelTarget() {
    ObjectNode node = TinyTrials.nashSpec("t-cofi", 2, 60, 2).put("method", "cofi");
    node.with("nash").put("regLr", 0.1);
    CollectingSink sink = new CollectingSink();
    Map<String, Double> summary = run(node, sink);
    assertThat(sink.events(StageStarted.class)).extracting(StageStarted::stage)
        .containsExactly("finetune-teacher", "select-decoder", "prune-encoder", "finetune-pruned", "export");
    assertThat(summary.get("select-decoder.decoderLayers")).isEqualTo(12.0);
    assertThat(summary.get("prune-encoder.expectedSparsity")).isCloseTo(0.3, within(0.1));
    assertThat(summary.get("export.modelSparsity")).isCloseTo(0.3, within(0.1));
    try (NDManager m = NDManager.newBaseManager(); T5Model exported = exported(sink, m)) {
      assertThat((double) exported.numParameters()).isEqualTo(summary.get("export.params"));
      assertThat(exported.numParameters()).isLessThan(TEACHER_PARAMS);
      PruningInfo layout = exported.layout();
      int decoderFfn = 0;
      for (int[] dims : layout.decoderFfnDims()) {
        decoderFfn += dims.length;
      }
      // The decoder is pruned too, not only the encoder.
      assertThat(decoderFfn).isLessThan(12 * 512);
    }
  }

  private Map<String, Double> run(ObjectNode node, CollectingSink sink) {
    TrialOutcome outcome = new TrialRunner(new CheckpointStore(root), TinyTrials.copyPrefixData())
        .run(TinyTrials.parse(node), null, sink, new StopSignal());
    assertThat(outcome).isInstanceOf(TrialOutcome.Succeeded.class);
    Map<String, Double> summary = ((TrialOutcome.Succeeded) outcome).summary();
    System.out.println(summary);
    return summary;
  }

  private static T5Model exported(CollectingSink sink, NDManager m) {
    CheckpointWritten export = sink.events(CheckpointWritten.class).stream()
        .filter(c -> c.kind() == CheckpointKind.EXPORT).findFirst().orElseThrow();
    return T5Model.load(CheckpointStore.pathOf(export.uri()), m);
  }
}
