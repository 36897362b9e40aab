package dev.shears.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.shears.events.CheckpointKind;
import dev.shears.events.CheckpointWritten;
import dev.shears.events.LossEvent;
import dev.shears.events.MaskEvent;
import dev.shears.events.StageCompleted;
import dev.shears.events.StageStarted;
import dev.shears.trainer.checkpoint.CheckpointStore;
import dev.shears.trainer.telemetry.CollectingSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrialRunnerTest {
  @TempDir
  Path root;

  @Test
  void nashTrialRunsEveryStageAndExportsAPrunedModel() {
    CollectingSink sink = new CollectingSink();
    TrialRunner runner = new TrialRunner(new CheckpointStore(root), TinyTrials.copyPrefixData());
    long start = System.nanoTime();
    TrialOutcome outcome = runner.run(TinyTrials.parse(TinyTrials.nashSpec("t-run", 4, 30, 4)), null, sink,
        new StopSignal());
    System.out.printf("trial took %.1f s%n", (System.nanoTime() - start) / 1e9);
    assertThat(outcome).isInstanceOf(TrialOutcome.Succeeded.class);
    TrialOutcome.Succeeded ok = (TrialOutcome.Succeeded) outcome;
    System.out.println(ok.summary());
    assertThat(sink.events(StageStarted.class)).extracting(StageStarted::stage)
        .containsExactly("finetune-teacher", "select-decoder", "prune-encoder", "finetune-pruned", "export");
    assertThat(sink.events(StageCompleted.class)).hasSize(5);
    List<LossEvent> losses = sink.events(LossEvent.class);
    assertThat(losses).extracting(LossEvent::step).containsExactlyElementsOf(
        java.util.stream.LongStream.range(0, 38).boxed().toList());
    assertThat(sink.events(MaskEvent.class)).isNotEmpty();
    CheckpointWritten export = sink.events(CheckpointWritten.class).stream()
        .filter(c -> c.kind() == CheckpointKind.EXPORT).findFirst().orElseThrow();
    assertThat(export.teacherUri()).isNotNull();
    Path exportDir = CheckpointStore.pathOf(export.uri());
    assertThat(exportDir.resolve("config.json")).exists();
    assertThat(exportDir.resolve("tokenizer.json")).exists();
    assertThat(CheckpointStore.verify(exportDir)).isEqualTo(export.sha256());
    assertThat(Files.isDirectory(CheckpointStore.pathOf(export.teacherUri()))).isTrue();
    assertThat(ok.summary().get("export.encoderSparsity")).isCloseTo(
        ok.summary().get("prune-encoder.expectedSparsity"), within(0.1));
  }
}
