package dev.shears.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.events.CheckpointKind;
import dev.shears.events.CheckpointWritten;
import dev.shears.events.StageStarted;
import dev.shears.events.TelemetryEvent;
import dev.shears.events.TrialEvent;
import dev.shears.events.ValidationEvent;
import dev.shears.trainer.checkpoint.CheckpointStore;
import dev.shears.trainer.stage.EarlyExport;
import dev.shears.trainer.telemetry.CollectingSink;
import dev.shears.trainer.telemetry.TelemetrySink;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A trial of an experiment with {@code search:} reports validation at its rungs, and exports when stopped early. */
class EarlyStoppingTrialTest {
  @TempDir
  Path root;

  /** Rungs 2, 4, 8 (η = 2, below 12): two in prune-encoder (6 steps), one in finetune-pruned (steps 7-10). */
  private static ObjectNode spec(String trialId) {
    ObjectNode spec = TinyTrials.nashSpec(trialId, 0, 6, 4);
    spec.with("teacher").put("finetuned", true);
    spec.putObject("search").put("scheduler", "asha").put("gracePeriod", 2).put("reductionFactor", 2)
        .put("maxSteps", 12);
    return spec;
  }

  @Test
  void validationResultsArriveAtTheRungsInStudentSteps() {
    CollectingSink sink = new CollectingSink();
    TrialOutcome outcome = new TrialRunner(new CheckpointStore(root), TinyTrials.copyPrefixData())
        .run(TinyTrials.parse(spec("t-rungs")), null, sink, new StopSignal());
    assertThat(outcome).isInstanceOf(TrialOutcome.Succeeded.class);
    assertThat(sink.events(ValidationEvent.class)).extracting(ValidationEvent::step, ValidationEvent::stage)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, "prune-encoder"),
            org.assertj.core.groups.Tuple.tuple(4L, "prune-encoder"),
            org.assertj.core.groups.Tuple.tuple(8L, "finetune-pruned"));
    assertThat(sink.events(ValidationEvent.class)).allSatisfy(v -> {
      assertThat(v.validationLoss()).isFinite().isPositive();
      assertThat(v.rougeL()).as("ROUGE-L of greedy generation at step %d", v.step()).isNotNull()
          .isBetween(0.0, 1.0);
    });
  }

  @Test
  void anEarlyStopDuringPruningExportsTheStudentItHas() {
    CollectingSink collected = new CollectingSink();
    StopSignal stop = new StopSignal();
    // The orchestrator's verdict arrives as a revocation right after the first rung's result.
    TelemetrySink sink = new TelemetrySink() {
      @Override
      public void trial(TrialEvent event) {
        collected.trial(event);
        if (event instanceof ValidationEvent) {
          stop.request(EarlyExport.REASON);
        }
      }

      @Override
      public void telemetry(TelemetryEvent event) {
        collected.telemetry(event);
      }

      @Override
      public void checkpoint(CheckpointWritten event) {
        collected.checkpoint(event);
      }
    };
    TrialOutcome outcome = new TrialRunner(new CheckpointStore(root), TinyTrials.copyPrefixData())
        .run(TinyTrials.parse(spec("t-stop")), null, sink, stop);
    assertThat(outcome).isInstanceOf(TrialOutcome.EarlyStopped.class);
    TrialOutcome.EarlyStopped stopped = (TrialOutcome.EarlyStopped) outcome;
    assertThat(collected.events(ValidationEvent.class)).hasSize(1);
    assertThat(collected.events(StageStarted.class)).extracting(StageStarted::stage)
        .containsExactly("finetune-teacher", "select-decoder", "prune-encoder", "export");
    CheckpointWritten export = collected.events(CheckpointWritten.class).stream()
        .filter(c -> c.kind() == CheckpointKind.EXPORT).findFirst().orElseThrow();
    assertThat(stopped.exportUri()).isEqualTo(export.uri());
    assertThat(CheckpointStore.pathOf(export.uri()).resolve("config.json")).exists();
    assertThat(stopped.checkpoint()).as("its state is kept").isNotNull();
    assertThat(CheckpointStore.pathOf(stopped.checkpoint())).exists();
  }
}
