package dev.shears.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.shears.events.CheckpointKind;
import dev.shears.events.CheckpointWritten;
import dev.shears.events.FailureKind;
import dev.shears.events.LossEvent;
import dev.shears.events.MaskEvent;
import dev.shears.events.StageCompleted;
import dev.shears.events.StageStarted;
import dev.shears.events.TrialCheckpointed;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.shears.model.BuiltinModels;
import dev.shears.model.T5Model;
import dev.shears.trainer.checkpoint.CheckpointStore;
import dev.shears.trainer.telemetry.CollectingSink;
import dev.shears.trainer.telemetry.TelemetrySink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrialRunnerTest {
  @TempDir
  Path root;

  @Test
  void periodicCheckpointsTheLogHasNotAcknowledgedAreNeverDeleted() throws java.io.IOException {
    // Every 10 steps over 34: periodic checkpoints at steps 10, 20 and 30, of which two are kept once known.
    CollectingSink acknowledged = new CollectingSink();
    CollectingSink cutOffEvents = new CollectingSink();
    TelemetrySink cutOff = new TelemetrySink() { // an attempt cut off from Kafka: nothing it reports is acknowledged
      @Override
      public void trial(dev.shears.events.TrialEvent event) {
        cutOffEvents.trial(event);
      }

      @Override
      public void telemetry(dev.shears.events.TelemetryEvent event) {
        cutOffEvents.telemetry(event);
      }

      @Override
      public void checkpoint(CheckpointWritten event) {
        cutOffEvents.checkpoint(event);
      }

      @Override
      public java.util.function.BooleanSupplier checkpointed(TrialCheckpointed event) {
        trial(event);
        return () -> false;
      }
    };
    for (var run : List.of(java.util.Map.<String, TelemetrySink>entry("t-known", acknowledged), java.util.Map.<String, TelemetrySink>entry("t-cut", cutOff))) {
      TrialOutcome outcome = new TrialRunner(new CheckpointStore(root), TinyTrials.copyPrefixData())
          .run(TinyTrials.parse(TinyTrials.nashSpec(run.getKey(), 0, 30, 4)), null, run.getValue(), new StopSignal());
      assertThat(outcome).isInstanceOf(TrialOutcome.Succeeded.class);
    }

    assertThat(periodicCheckpoints("t-known")).hasSize(2);
    assertThat(periodicCheckpoints("t-cut")).hasSize(3);
    assertThat(cutOffEvents.events(TrialCheckpointed.class).stream()
        .filter(c -> c.uri().contains("/step-")).map(c -> CheckpointStore.pathOf(c.uri())))
        .allMatch(java.nio.file.Files::isDirectory);
  }

  private List<Path> periodicCheckpoints(String trialId) throws java.io.IOException {
    try (var dirs = java.nio.file.Files.walk(root)) {
      return dirs.filter(java.nio.file.Files::isDirectory).filter(d -> d.toString().contains(trialId))
          .filter(d -> d.getFileName().toString().startsWith("step-")).toList();
    }
  }

  @Test
  void nashTrialRunsEveryStageAndExportsAPrunedModel() throws java.io.IOException {
    CollectingSink sink = new CollectingSink();
    TrialRunner runner = new TrialRunner(new CheckpointStore(root), TinyTrials.copyPrefixData());
    var node = TinyTrials.nashSpec("t-run", 4, 30, 4);
    node.putObject("eval").put("beam", 2).put("maxNewTokens", 7);
    long start = System.nanoTime();
    TrialOutcome outcome = runner.run(TinyTrials.parse(node), null, sink, new StopSignal());
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
    for (String hfFile : List.of("generation_config.json", "tokenizer_config.json", "special_tokens_map.json")) {
      assertThat(exportDir.resolve(hfFile)).exists();
    }
    assertThat(exportDir.resolve("README.md")).content().startsWith("---\nlibrary_name: transformers\n")
        .contains("| encoder | 0 |").contains("nash")
        .contains("```yaml\n").contains("trialId: t-run\n").contains("eval:\n  beam: 2\n  maxNewTokens: 7\n");
    var generation = TinyTrials.JSON.readTree(exportDir.resolve("generation_config.json").toFile());
    assertThat(generation.path("num_beams").asInt()).as("the trial's eval.beam").isEqualTo(2);
    assertThat(generation.path("max_new_tokens").asInt()).as("the trial's eval.maxNewTokens").isEqualTo(7);
    assertThat(CheckpointStore.verify(exportDir)).isEqualTo(export.sha256());
    assertThat(Files.isDirectory(CheckpointStore.pathOf(export.teacherUri()))).isTrue();
    // The masks are fitted to the target when the structure is fixed, wherever the 30-step run left ŝ.
    assertThat(ok.summary().get("export.encoderSparsity")).isCloseTo(0.3, within(0.02));
  }

  @Test
  void nonFiniteLossFailsTheTrialNamingTheStepAndTheLastCheckpoint() {
    // A corrupt teacher: one NaN weight, marked as already fine-tuned.
    Path teacherDir = root.resolve("nan-teacher");
    try (NDManager m = NDManager.newBaseManager(); T5Model teacher = T5Model.builtin(BuiltinModels.TINY_T5, 3, m)) {
      NDArray norm = teacher.parameters().get("encoder.final_layer_norm.weight");
      float[] nan = new float[(int) norm.size()];
      java.util.Arrays.fill(nan, Float.NaN);
      norm.set(nan);
      teacher.save(teacherDir);
    }
    var node = TinyTrials.nashSpec("t-nan", 0, 5, 1);
    node.with("teacher").put("model", teacherDir.toString()).put("finetuned", true);
    CollectingSink sink = new CollectingSink();
    TrialOutcome outcome = new TrialRunner(new CheckpointStore(root), TinyTrials.copyPrefixData())
        .run(TinyTrials.parse(node), null, sink, new StopSignal());
    assertThat(outcome).isInstanceOf(TrialOutcome.Failed.class);
    TrialOutcome.Failed failed = (TrialOutcome.Failed) outcome;
    assertThat(failed.step()).isEqualTo(0L);
    assertThat(failed.kind()).as("divergence may be retried from a checkpoint").isEqualTo(FailureKind.RUNTIME);
    assertThat(failed.lastCheckpoint()).contains("select-decoder");
    assertThat(failed.reason()).contains("not finite at step 0 of prune-encoder").contains(failed.lastCheckpoint());
    assertThat(sink.events(LossEvent.class)).isEmpty();
  }

  @Test
  void aMissingTeacherDirectoryIsAConfigurationErrorNamingTheField() {
    var node = TinyTrials.nashSpec("t-missing", 1, 5, 1);
    node.with("teacher").put("model", root.resolve("no-such-teacher").toString());
    TrialOutcome outcome = new TrialRunner(new CheckpointStore(root), TinyTrials.copyPrefixData())
        .run(TinyTrials.parse(node), null, new CollectingSink(), new StopSignal());
    assertThat(outcome).isInstanceOf(TrialOutcome.Failed.class);
    TrialOutcome.Failed failed = (TrialOutcome.Failed) outcome;
    assertThat(failed.reason()).startsWith("teacher.model: directory").contains("does not exist");
    assertThat(failed.kind()).isEqualTo(FailureKind.CONFIGURATION);
  }

  @Test
  void l0SelectionWithMoreDecoderLayersThanTheTeacherFailsNamingTheField() {
    var node = TinyTrials.nashSpec("t-l0", 1, 5, 1);
    node.with("nash").put("selection", "l0").put("decoderLayers", 13);
    TrialOutcome outcome = new TrialRunner(new CheckpointStore(root), TinyTrials.copyPrefixData())
        .run(TinyTrials.parse(node), null, new CollectingSink(), new StopSignal());
    assertThat(outcome).isInstanceOf(TrialOutcome.Failed.class);
    assertThat(((TrialOutcome.Failed) outcome).reason())
        .contains("nash.decoderLayers: 13 is more than the teacher's 12 decoder layers");
    assertThat(((TrialOutcome.Failed) outcome).kind()).isEqualTo(FailureKind.CONFIGURATION);
  }

  @Test
  void uniformOnlySkipsEncoderPruningAndExportsAnUnprunedEncoder() {
    var node = TinyTrials.nashSpec("t-uniform", 1, 3, 2).put("method", "uniform-only");
    CollectingSink sink = new CollectingSink();
    TrialOutcome outcome = new TrialRunner(new CheckpointStore(root), TinyTrials.copyPrefixData())
        .run(TinyTrials.parse(node), null, sink, new StopSignal());
    assertThat(outcome).isInstanceOf(TrialOutcome.Succeeded.class);
    assertThat(sink.events(StageStarted.class)).extracting(StageStarted::stage)
        .containsExactly("finetune-teacher", "select-decoder", "finetune-pruned", "export");
    var summary = ((TrialOutcome.Succeeded) outcome).summary();
    assertThat(summary.get("export.encoderSparsity")).isEqualTo(0.0);
    assertThat(summary.get("export.params")).isLessThan(summary.get("export.teacherParams"));
    assertThat(summary.get("steps")).isEqualTo(3.0);
  }

  @Test
  void teacherContinuedTrainsTheWholeTeacherForTheStudentsSchedule() {
    var node = TinyTrials.nashSpec("t-control", 2, 3, 2).put("method", "teacher-continued");
    CollectingSink sink = new CollectingSink();
    TrialOutcome outcome = new TrialRunner(new CheckpointStore(root), TinyTrials.copyPrefixData())
        .run(TinyTrials.parse(node), null, sink, new StopSignal());
    assertThat(outcome).isInstanceOf(TrialOutcome.Succeeded.class);
    assertThat(sink.events(StageStarted.class)).extracting(StageStarted::stage)
        .containsExactly("finetune-teacher", "select-decoder", "distill-student", "finetune-pruned", "export");
    // As many steps beyond the teacher as a NASH student of the same spec: training.steps, then finetunePruned.steps.
    assertThat(sink.events(LossEvent.class).stream().filter(l -> l.stage().equals("distill-student"))).hasSize(3);
    assertThat(sink.events(LossEvent.class).stream().filter(l -> l.stage().equals("finetune-pruned"))).hasSize(2);
    var summary = ((TrialOutcome.Succeeded) outcome).summary();
    assertThat(summary.get("export.params")).isEqualTo(summary.get("export.teacherParams"));
    assertThat(summary.get("export.decoderLayers")).isEqualTo(12.0);
    assertThat(summary.get("export.encoderSparsity")).isZero();
  }

  @Test
  void distillSmallTrainsAFreshSmallerStudentByDistillation() {
    var node = TinyTrials.nashSpec("t-small", 1, 3, 0).put("method", "distill-small");
    CollectingSink sink = new CollectingSink();
    TrialOutcome outcome = new TrialRunner(new CheckpointStore(root), TinyTrials.copyPrefixData())
        .run(TinyTrials.parse(node), null, sink, new StopSignal());
    assertThat(outcome).isInstanceOf(TrialOutcome.Succeeded.class);
    assertThat(sink.events(StageStarted.class)).extracting(StageStarted::stage)
        .containsExactly("finetune-teacher", "select-decoder", "distill-student", "export");
    List<LossEvent> distill = sink.events(LossEvent.class).stream()
        .filter(l -> l.stage().equals("distill-student")).toList();
    assertThat(distill).hasSize(3).allSatisfy(l -> assertThat(l.kd()).isPositive());
    var summary = ((TrialOutcome.Succeeded) outcome).summary();
    // 0.3 of the encoder's prunable parameters: d_ff 512 → 282 per layer, heads kept (1 − (4·16384 + 282·256)/196608).
    assertThat(summary.get("export.encoderSparsity")).isCloseTo(1 - (4 * 16384 + 282 * 256) / 196608.0,
        within(1e-9));
  }

  @Test
  void trialsThatWouldTrainTheSameTeacherShareOneAndTheSecondSkipsItsTraining() {
    TrialRunner runner = new TrialRunner(new CheckpointStore(root), TinyTrials.copyPrefixData());
    CollectingSink first = new CollectingSink();
    var a = runner.run(TinyTrials.parse(TinyTrials.nashSpec("t-a", 3, 2, 1).put("method", "uniform-only")), null,
        first, new StopSignal());
    CollectingSink second = new CollectingSink();
    var b = runner.run(TinyTrials.parse(TinyTrials.nashSpec("t-b", 3, 2, 3).put("method", "uniform-only")), null,
        second, new StopSignal());
    var otherSeed = TinyTrials.nashSpec("t-c", 3, 2, 1).put("method", "uniform-only");
    otherSeed.with("training").put("seed", 8);
    CollectingSink third = new CollectingSink();
    var c = runner.run(TinyTrials.parse(otherSeed), null, third, new StopSignal());

    assertThat(List.of(a, b, c)).allSatisfy(o -> assertThat(o).isInstanceOf(TrialOutcome.Succeeded.class));
    assertThat(teacherUri(first)).isEqualTo(teacherUri(second)).isNotEqualTo(teacherUri(third));
    assertThat(teacherSteps(first)).isEqualTo(3);
    assertThat(teacherSteps(second)).isZero();
    assertThat(teacherSteps(third)).isEqualTo(3);
    assertThat(((TrialOutcome.Succeeded) b).summary()).containsEntry("finetune-teacher.reused", 1.0)
        .containsEntry("finetune-teacher.validationLoss",
            ((TrialOutcome.Succeeded) a).summary().get("finetune-teacher.validationLoss"));
    // The second trial's own steps (3 of finetune-pruned, a schedule the teacher's key ignores) start at 0.
    assertThat(second.events(LossEvent.class)).extracting(LossEvent::step).containsExactly(0L, 1L, 2L);
  }

  @Test
  void teacherReuseOffTrainsAPrivateTeacher() {
    TrialRunner runner = new TrialRunner(new CheckpointStore(root), TinyTrials.copyPrefixData());
    runner.run(TinyTrials.parse(TinyTrials.nashSpec("t-a", 2, 2, 1).put("method", "uniform-only")), null,
        new CollectingSink(), new StopSignal());
    var node = TinyTrials.nashSpec("t-b", 2, 2, 1).put("method", "uniform-only");
    node.with("teacher").put("reuse", false);
    CollectingSink sink = new CollectingSink();
    runner.run(TinyTrials.parse(node), null, sink, new StopSignal());
    assertThat(teacherSteps(sink)).isEqualTo(2);
    assertThat(teacherUri(sink)).endsWith("/t-b/teacher/");
  }

  private static String teacherUri(CollectingSink sink) {
    return sink.events(CheckpointWritten.class).stream().filter(c -> c.kind() == CheckpointKind.EXPORT)
        .findFirst().orElseThrow().teacherUri();
  }

  private static long teacherSteps(CollectingSink sink) {
    return sink.events(LossEvent.class).stream().filter(l -> l.stage().equals("finetune-teacher")).count();
  }
}
