package dev.shears.dashboard.state;

import static dev.shears.dashboard.state.Events.created;
import static dev.shears.dashboard.state.Events.env;
import static dev.shears.dashboard.state.Events.evaluation;
import static dev.shears.dashboard.state.Events.loss;
import static dev.shears.dashboard.state.Events.mask;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.dashboard.history.Downsampling;
import dev.shears.dashboard.history.SeriesSlice;
import dev.shears.events.CheckpointKind;
import dev.shears.events.CheckpointWritten;
import dev.shears.events.Envelope;
import dev.shears.events.ExperimentCancelled;
import dev.shears.events.ExperimentSubmitted;
import dev.shears.events.GpuInfo;
import dev.shears.events.StageCompleted;
import dev.shears.events.StageStarted;
import dev.shears.events.TrialCreated;
import dev.shears.events.TrialFailed;
import dev.shears.events.TrialRequeued;
import dev.shears.events.TrialStarted;
import dev.shears.events.TrialStopped;
import dev.shears.events.TrialSucceeded;
import dev.shears.events.ValidationEvent;
import dev.shears.events.WorkerHeartbeat;
import dev.shears.report.ReportRow;
import dev.shears.report.Table1Report;
import dev.shears.report.TrialState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardStateTest {
  private final Clock clock = Clock.fixed(Events.T0.plusSeconds(10), ZoneOffset.UTC);
  private final DashboardState state = new DashboardState(clock, Duration.ofSeconds(6), 256, 64);

  private void submit(String exp, int trials) {
    state.apply(env(new ExperimentSubmitted("sweep <b>", null, Events.spec(1, 1), trials, "ana"), exp, null, 0, 0));
    for (int i = 0; i < trials; i++) {
      state.apply(env(created(i), exp, exp + "-t" + i, 0, 1));
    }
  }

  @Test
  void countsTrialsByStateAsTheLogAdvances() {
    submit("e1", 3);
    state.apply(env(new TrialStarted("w1"), "e1", "e1-t0", 0, 2));
    state.apply(env(new TrialSucceeded("file:/exp", Map.of()), "e1", "e1-t1", 0, 2));
    state.apply(env(new TrialFailed("out of memory", 5L, null), "e1", "e1-t2", 0, 2));
    ExperimentRow row = state.experimentRow("e1").orElseThrow();
    assertThat(row.name()).isEqualTo("sweep <b>");
    assertThat(row.trialCount()).isEqualTo(3);
    assertThat(row.counts()).containsEntry(TrialState.RUNNING, 1).containsEntry(TrialState.SUCCEEDED, 1)
        .containsEntry(TrialState.FAILED, 1);
    assertThat(state.trialRow("e1-t2").orElseThrow().reason()).isEqualTo("out of memory");
    assertThat(state.trialRow("e1-t1").orElseThrow().label()).isEqualTo("NASH-2@0.3 seed=1");
    state.apply(env(new ExperimentCancelled("stop"), "e1", null, 0, 3));
    assertThat(state.experimentRow("e1").orElseThrow().state()).isEqualTo("CANCELLED");
  }

  @Test
  void aTrialRowCarriesItsValueOfEachFieldTheExperimentSweeps() {
    ObjectNode spec = Events.spec(1, 1);
    spec.with("nash").putObject("decoderLayers").putArray("grid").add(1).add(2);
    spec.with("training").putObject("seed").putArray("list").add(1).add(7);
    state.apply(env(new ExperimentSubmitted("sweep", null, spec, 2, "ana"), "e1", null, 0, 0));
    state.apply(env(new TrialCreated(1, Events.spec(2, 7), 1, 8, 0, 3), "e1", "e1-t1", 0, 1));
    assertThat(state.trialRow("e1-t1").orElseThrow().swept())
        .containsExactly(Map.entry("nash.decoderLayers", IntNode.valueOf(2)),
            Map.entry("training.seed", IntNode.valueOf(7)));
    assertThat(state.trialsOf("e1").orElseThrow().get(0).swept()).containsKeys("nash.decoderLayers", "training.seed");
    assertThat(state.trial("e1-t1").orElseThrow().row().swept()).hasSize(2);

    submit("e2", 1);
    assertThat(state.trialRow("e2-t0").orElseThrow().swept()).isEmpty();
  }

  @Test
  void anEarlyStoppedTrialIsCountedAsStoppedWithItsReason() {
    submit("e1", 2);
    state.apply(env(new TrialStarted("w1"), "e1", "e1-t0", 1, 2));
    state.apply(env(new ValidationEvent(10, "prune-encoder", 2.5, null), "e1", "e1-t0", 1, 3));
    state.apply(env(new TrialStopped(0, 10, "asha: validationLoss 2.5 at step 10"), "e1", "e1-t0", 1, 0));
    state.apply(env(new TrialSucceeded("file:/exp", Map.of()), "e1", "e1-t1", 1, 2));
    assertThat(state.experimentRow("e1").orElseThrow().counts()).containsEntry(TrialState.STOPPED, 1)
        .containsEntry(TrialState.SUCCEEDED, 1);
    assertThat(state.trialRow("e1-t0").orElseThrow().reason()).startsWith("asha:");
  }

  @Test
  void validationResultsBecomeTheTrialsValidationCurveAtTheirStudentSteps() {
    submit("e1", 1);
    state.apply(env(new TrialStarted("w1"), "e1", "e1-t0", 0, 2));
    Change first = state.apply(env(new ValidationEvent(10, "prune-encoder", 2.5, null), "e1", "e1-t0", 0, 3));
    state.apply(env(new ValidationEvent(20, "prune-encoder", 2.1, 0.31), "e1", "e1-t0", 0, 4));
    // The teacher's fine-tuning curve counts its own steps: it is kept apart, not merged into the rungs.
    state.apply(env(new ValidationEvent(500, "finetune-teacher", 1.2, 0.45), "e1", "e1-t0", 0, 5));
    state.apply(env(new ValidationEvent(15, "finetune-pruned", 2.0, 0.33), "e1", "e1-t0", 0, 6));
    assertThat(first.kind()).isEqualTo(Change.Kind.TELEMETRY);
    SeriesSlice teacher = state.history("e1-t0").orElseThrow().slice("teacherValidation", 0, 1e9, 100,
        Downsampling.NONE);
    assertThat(teacher.x()).containsExactly(500);
    assertThat(teacher.y()[1]).containsExactly(0.45f);
    // Both come back from shears.trials, which is never deleted, so a trial's summary leaves them out.
    assertThat(state.history("e1-t0").orElseThrow().summarise(100, 10))
        .extracting(dev.shears.events.CurveSummary::series).doesNotContain("validation", "teacherValidation");
    SeriesSlice v = state.history("e1-t0").orElseThrow().slice("validation", 0, 1e9, 100, Downsampling.NONE);
    assertThat(v.columns()).containsExactly("validationLoss", "rougeL");
    // A student step below the newest (a resumed attempt) replaces what came after it, as in every series.
    assertThat(v.x()).containsExactly(10, 15);
    assertThat(v.y()[0]).containsExactly(2.5f, 2.0f);
    assertThat(Float.isNaN(v.y()[1][0])).as("ROUGE-L not measured at step 10").isTrue();
    assertThat(v.y()[1][1]).isEqualTo(0.33f);
    assertThat(state.trialRow("e1-t0").orElseThrow().state()).isEqualTo(TrialState.RUNNING);
  }

  @Test
  void telemetryFillsHistoryAndTheTrialRow() {
    submit("e1", 1);
    for (int s = 1; s <= 100; s++) {
      state.apply(env(loss(s, 10.0 / s), "e1", "e1-t0", 0, 10 + s));
    }
    state.apply(env(mask(100, 0.25, 6, 8), "e1", "e1-t0", 0, 200));
    TrialRow row = state.trialRow("e1-t0").orElseThrow();
    assertThat(row.step()).isEqualTo(100L);
    assertThat(row.loss()).isEqualTo(0.1);
    assertThat(row.expectedSparsity()).isEqualTo(0.25);
    assertThat(row.state()).isEqualTo(TrialState.RUNNING);
    SeriesSlice losses = state.history("e1-t0").orElseThrow().slice("loss", 0, 1e9, 1000, Downsampling.NONE);
    assertThat(losses.size()).isEqualTo(100);
    assertThat(losses.columns()).startsWith("total", "kd");
    TrialDetail detail = state.trial("e1-t0").orElseThrow();
    assertThat(detail.layers()).isEqualTo(6);
    assertThat(detail.headsPerLayer()).isEqualTo(8);
    SeriesSlice heads = state.history("e1-t0").orElseThrow().slice("heads", 0, 1e9, 100, Downsampling.NONE);
    assertThat(heads.columns()).hasSize(48);
    assertThat(heads.y()[1 * 8 + 0][0]).isEqualTo(0f);
    assertThat(heads.y()[1 * 8 + 1][0]).isEqualTo(1f);
  }

  @Test
  void aFailureTheOrchestratorRetriesIsRequeuedAndOnlyTheLastAttemptsFailureStays() {
    submit("e1", 1);
    state.apply(env(new TrialFailed("worker lost", 5L, "file:/ck"), "e1", "e1-t0", 0, 2));
    assertThat(state.trialRow("e1-t0").orElseThrow().state()).isEqualTo(TrialState.FAILED);

    state.apply(env(new TrialRequeued("worker lost", 1, "file:/ck"), "e1", "e1-t0", 0, 3));
    assertThat(state.trialRow("e1-t0").orElseThrow().state()).isEqualTo(TrialState.REQUEUED);
    assertThat(state.experimentRow("e1").orElseThrow().counts()).doesNotContainKey(TrialState.FAILED);

    state.apply(env(new TrialStarted("w2"), "e1", "e1-t0", 1, 1));
    state.apply(env(new TrialFailed("out of memory", 7L, null), "e1", "e1-t0", 1, 2));
    // A late requeue of the first attempt does not reopen the final failure.
    state.apply(env(new TrialRequeued("worker lost", 1, "file:/ck"), "e1", "e1-t0", 0, 3));
    TrialRow row = state.trialRow("e1-t0").orElseThrow();
    assertThat(row.state()).isEqualTo(TrialState.FAILED);
    assertThat(row.reason()).isEqualTo("out of memory");
  }

  @Test
  void dropsDuplicatesAndEventsOfFencedAttempts() {
    submit("e1", 1);
    Envelope first = env(loss(1, 5), "e1", "e1-t0", 0, 10);
    assertThat(state.apply(first).kind()).isEqualTo(Change.Kind.TELEMETRY);
    assertThat(state.apply(first).kind()).isEqualTo(Change.Kind.NONE);
    state.apply(env(new TrialRequeued("lease expired", 1, "file:/ck"), "e1", "e1-t0", 0, 11));
    state.apply(env(loss(2, 4), "e1", "e1-t0", 1, 1));
    // A late event of attempt 0 is fenced.
    assertThat(state.apply(env(loss(3, 99), "e1", "e1-t0", 0, 12)).kind()).isEqualTo(Change.Kind.NONE);
    assertThat(state.duplicates()).isEqualTo(1);
    assertThat(state.fenced()).isEqualTo(1);
    TrialRow row = state.trialRow("e1-t0").orElseThrow();
    assertThat(row.attempt()).isEqualTo(1);
    assertThat(row.loss()).isEqualTo(4.0);
  }

  @Test
  void tracksStagesCheckpointsAndEvaluationIntoTheReport() {
    submit("e1", 3);
    state.apply(env(new StageStarted("prune-encoder", 0), "e1", "e1-t0", 0, 2));
    state.apply(env(new StageCompleted("prune-encoder", 500, Map.of("sparsity", 0.3)), "e1", "e1-t0", 0, 3));
    state.apply(env(new CheckpointWritten("export", 500, CheckpointKind.EXPORT, "file:/c", "abc", 10, null),
        "e1", "e1-t0", 0, 4));
    state.apply(env(evaluation(0.38, 2.0, 500_000), "e1", "e1-t0", 0, 5));
    state.apply(env(evaluation(0.36, 3.0, 400_000), "e1", "e1-t1", 0, 5));
    state.apply(env(evaluation(0.30, 1.5, 600_000), "e1", "e1-t2", 0, 5));
    TrialDetail d = state.trial("e1-t0").orElseThrow();
    assertThat(d.stages()).singleElement().satisfies(s -> {
      assertThat(s.endStep()).isEqualTo(500L);
      assertThat(s.metrics()).containsEntry("sparsity", 0.3);
    });
    assertThat(d.checkpoints()).singleElement().extracting(CheckpointView::kind).isEqualTo(CheckpointKind.EXPORT);
    Table1Report report = state.report("e1").orElseThrow();
    assertThat(report.primaryMetric()).isEqualTo("rougeL");
    assertThat(report.rows().get(0).teacher()).isTrue();
    assertThat(report.rows().get(0).params()).isEqualTo(1_000_000);
    // The teacher, then by decreasing speed-up.
    assertThat(report.rows()).extracting(ReportRow::trialId).containsExactly(null, "e1-t1", "e1-t0", "e1-t2");
    // t2 is slower and worse than t0: off the front; the teacher is the best quality, on it.
    assertThat(report.rows()).extracting(ReportRow::paretoOptimal).containsExactly(true, true, true, false);
  }

  @Test
  void beyondTheHistoryLimitTheOldestFinishedTrialLosesItsHistoryOnly() {
    DashboardState small = new DashboardState(clock, Duration.ofSeconds(6), 256, 64, 2);
    small.apply(env(created(0), "e1", "a", 0, 1));
    small.apply(env(loss(1, 1.0), "e1", "a", 0, 2));
    small.apply(env(new TrialSucceeded(null, Map.of()), "e1", "a", 0, 3));
    small.apply(env(created(1), "e1", "b", 0, 1));
    small.apply(env(loss(1, 1.0), "e1", "b", 0, 2));
    small.apply(env(created(2), "e1", "c", 0, 1));
    assertThat(small.evictions()).isEqualTo(1);
    assertThat(small.trial("a").orElseThrow().historyEvicted()).isTrue();
    assertThat(small.history("a").orElseThrow().rows()).isZero();
    assertThat(small.trialRow("a").orElseThrow().state()).isEqualTo(TrialState.SUCCEEDED);
    // Running trials keep theirs even above the limit.
    assertThat(small.history("b").orElseThrow().rows()).isEqualTo(1);
  }

  @Test
  void workersGoStaleWithoutHeartbeats() {
    WorkerHeartbeat h = new WorkerHeartbeat("w1", "trainer", "gpu-1",
        List.of(new GpuInfo(0, "H100", 80_000, 60_000, 0.9)), List.of("e1-t0"), 1, "http://127.0.0.1:1");
    state.apply(Envelope.of(h, Events.T0.plusSeconds(9)));
    state.apply(Envelope.of(new WorkerHeartbeat("w2", "evaluator", "cpu-1", List.of(), List.of(), 1, null),
        Events.T0));
    List<WorkerRow> workers = state.workers();
    assertThat(workers).extracting(WorkerRow::workerId).containsExactly("w2", "w1");
    assertThat(workers).extracting(WorkerRow::alive).containsExactly(false, true);
    assertThat(workers.get(1).gpus()).singleElement().extracting(GpuInfo::utilisation).isEqualTo(0.9);
  }

  @Test
  void telemetryBeforeCreationMakesAPlaceholderThatCreationCompletes() {
    state.apply(env(loss(1, 3), "e9", "e9-t0", 0, 5));
    assertThat(state.trialRow("e9-t0").orElseThrow().state()).isEqualTo(TrialState.RUNNING);
    state.apply(env(created(0), "e9", "e9-t0", 0, 1));
    assertThat(state.trialRow("e9-t0").orElseThrow().state()).isEqualTo(TrialState.RUNNING);
    assertThat(state.trialsOf("e9").orElseThrow()).hasSize(1);
    assertThat(state.experimentRow("nope")).isEmpty();
    assertThat(Instant.EPOCH).isBefore(Events.T0);
  }
}
