package dev.shears.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.events.CheckpointKind;
import dev.shears.events.CheckpointWritten;
import dev.shears.events.StageStarted;
import dev.shears.events.TelemetryEvent;
import dev.shears.events.TrialEvent;
import dev.shears.events.ValidationEvent;
import dev.shears.model.T5Model;
import dev.shears.model.T5Tokenizer;
import dev.shears.trainer.checkpoint.CheckpointStore;
import dev.shears.trainer.data.BatchSource;
import dev.shears.trainer.spec.TrialSpec;
import dev.shears.trainer.stage.EarlyExport;
import dev.shears.trainer.telemetry.CollectingSink;
import dev.shears.trainer.telemetry.TelemetrySink;
import dev.shears.trainer.validation.ValidationRun;
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

  /** What a trial that the orchestrator stops at its first rung reported, and how it ended. */
  private record StoppedRun(TrialOutcome outcome, CollectingSink collected) {}

  private StoppedRun stopAtFirstRung(String trialId) {
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
        .run(TinyTrials.parse(spec(trialId)), null, sink, stop);
    return new StoppedRun(outcome, collected);
  }

  @Test
  void anEarlyStopDuringPruningExportsTheStudentItHas() {
    StoppedRun run = stopAtFirstRung("t-stop");
    TrialOutcome outcome = run.outcome();
    CollectingSink collected = run.collected();
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

  /**
   * The rung judges the student under its gates' deterministic values; the export a stop makes at that step is the
   * same model physically pruned, so on the same validation subset it scores the same ROUGE-L and loss.
   */
  @Test
  void theFirstRungScoresTheStudentAsItsEarlyExportScores() {
    StoppedRun run = stopAtFirstRung("t-rung-export");
    TrialOutcome.EarlyStopped stopped = (TrialOutcome.EarlyStopped) run.outcome();
    ValidationEvent rung = run.collected().events(ValidationEvent.class).get(0);
    assertThat(stopped.step()).as("exported at the rung's step").isEqualTo(rung.step());
    TrialSpec spec = TinyTrials.parse(spec("t-rung-export"));
    try (BatchSource data = TinyTrials.copyPrefixData().open(spec); NDManager manager = NDManager.newBaseManager();
        T5Tokenizer tokenizer = T5Tokenizer.builtin();
        T5Model export = T5Model.load(CheckpointStore.pathOf(stopped.exportUri()), manager)) {
      assertThat(export.layout().isFull(export.config())).as("physically pruned").isFalse();
      ValidationRun.Result scored = ValidationRun.withRouge(data, tokenizer::decode, spec.trainer().maxTargetLength())
          .run(export, manager);
      assertThat(scored.rougeL()).isCloseTo(rung.rougeL(), within(1e-9));
      assertThat(scored.loss()).isCloseTo(rung.validationLoss(), within(1e-4));
    }
  }
}
