package dev.shears.trainer.stage;

import ai.djl.ndarray.NDManager;
import dev.shears.events.CheckpointKind;
import dev.shears.events.CheckpointWritten;
import dev.shears.events.LossEvent;
import dev.shears.events.TrialCheckpointed;
import dev.shears.events.ValidationEvent;
import dev.shears.model.Gates;
import dev.shears.model.T5Model;
import dev.shears.model.T5Tokenizer;
import dev.shears.trainer.StopSignal;
import dev.shears.trainer.checkpoint.CheckpointStore;
import dev.shears.trainer.data.BatchSource;
import dev.shears.trainer.spec.TrialSpec;
import dev.shears.trainer.telemetry.TelemetrySink;
import dev.shears.trainer.validation.ValidationRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * What a stage works with: the spec, the mutable {@link TrialState}, the data, the sink, the checkpoint store and
 * the stop signal; plus the chores every stage shares (loss telemetry, NaN checks, checkpoints, stop checks).
 */
public final class TrialContext {
  /** Periodic checkpoints kept per trial; stage checkpoints are always kept. */
  private static final int PERIODIC_KEPT = 2;

  private final TrialSpec spec;
  private final TrialState state;
  private final BatchSource data;
  private final TelemetrySink sink;
  private final CheckpointStore store;
  private final StopSignal stop;
  private final NDManager manager;
  private final Deque<Periodic> periodic = new ArrayDeque<>();
  private final Rungs rungs;

  /**
   * A context for a fresh trial ({@code resumeUri} null) or one continuing from a checkpoint. The state's models
   * and arrays live in {@code manager}.
   */
  public static TrialContext open(TrialSpec spec, String resumeUri, BatchSource data, TelemetrySink sink,
      CheckpointStore store, StopSignal stop, NDManager manager) {
    TrialState state = resumeUri == null
        ? new TrialState(StageNames.plan(spec.method()).get(0), spec.training().seed())
        : TrialCheckpoint.restore(resumeUri, spec, manager);
    return new TrialContext(spec, state, data, sink, store, stop, manager);
  }

  TrialContext(TrialSpec spec, TrialState state, BatchSource data, TelemetrySink sink, CheckpointStore store,
      StopSignal stop, NDManager manager) {
    this.spec = spec;
    this.state = state;
    this.data = data;
    this.sink = sink;
    this.store = store;
    this.stop = stop;
    this.manager = manager;
    this.rungs = Rungs.of(spec);
  }

  public TrialSpec spec() {
    return spec;
  }

  public TrialState state() {
    return state;
  }

  public BatchSource data() {
    return data;
  }

  public TelemetrySink sink() {
    return sink;
  }

  public CheckpointStore store() {
    return store;
  }

  /** The trial's long-lived manager (models, gates, optimiser moments). */
  public NDManager manager() {
    return manager;
  }

  /** The fine-tuned teacher, loaded from {@code state.teacherUri} on first use after a resume. */
  public T5Model teacher() {
    if (state.teacher == null) {
      if (state.teacherUri == null) {
        throw new IllegalStateException("the teacher is needed before finetune-teacher produced it");
      }
      state.teacher = T5Model.load(CheckpointStore.pathOf(state.teacherUri), manager);
    }
    return state.teacher;
  }

  /** Moves the trial to the start of {@code next} (a stage name or {@link StageNames#DONE}). */
  public void advanceTo(String next) {
    state.advanceTo(next);
    state.closeOptimizers();
  }

  /** Throws {@link StopRequested} when a revocation arrived; called before every step. */
  public void checkStop() {
    String reason = stop.reason();
    if (reason != null) {
      throw new StopRequested(reason);
    }
  }

  /**
   * Checks the step's loss values for NaN/infinity and emits a LossEvent every {@code trainer.lossEvery} steps.
   * {@code values} are total, kd, encHidden, decHidden, ce, lagrangian.
   */
  public void reportLoss(String stage, float[] values, double lr) {
    for (float v : values) {
      if (!Float.isFinite(v)) {
        throw new TrainingDiverged(stage, state.globalStep, String.format(java.util.Locale.ROOT,
            "the loss (total %s, kd %s, encHidden %s, decHidden %s, ce %s, lagrangian %s%s)", values[0], values[1],
            values[2], values[3], values[4], values[5], firstNonFiniteTensor()));
      }
    }
    if (state.globalStep % spec.trainer().lossEvery() == 0) {
      sink.telemetry(new LossEvent(state.globalStep, stage, values[0], values[1], values[2], values[3], values[4],
          values[5], lr));
    }
  }

  /** Names the first parameter, gate or multiplier holding NaN or infinity, for the failure message. */
  private String firstNonFiniteTensor() {
    java.util.Map<String, ai.djl.ndarray.NDArray> arrays = new java.util.LinkedHashMap<>();
    if (state.headGates != null) {
      arrays.put("gate " + state.headGates.name(), state.headGates.logAlpha());
      arrays.put("gate " + state.ffnGates.name(), state.ffnGates.logAlpha());
    }
    if (state.lagrangian != null) {
      arrays.put("lambda1/lambda2", state.lagrangian.parameters().get(0).add(state.lagrangian.parameters().get(1)));
    }
    if (state.student != null) {
      state.student.parameters().forEach((name, a) -> arrays.put("student " + name, a));
    }
    for (java.util.Map.Entry<String, ai.djl.ndarray.NDArray> e : arrays.entrySet()) {
      for (float v : e.getValue().toFloatArray()) {
        if (!Float.isFinite(v)) {
          return "; first non-finite tensor: " + e.getKey();
        }
      }
    }
    return "; every parameter is finite, so an activation overflowed";
  }

  /** Marks one step done: advances the step counters and writes a periodic checkpoint when due. */
  public void stepDone(String stage) {
    state.stageStep++;
    state.globalStep++;
    int every = spec.trainer().checkpointEvery();
    if (every > 0 && state.globalStep % every == 0) {
      checkpoint(stage, CheckpointKind.PERIODIC);
    }
  }

  /**
   * After {@link #stepDone}: when the student step just done is a rung of the experiment's {@code search:}, validates
   * {@code model} under the gates {@code gates} makes (in the scope it is given) and reports the validation loss and
   * the ROUGE-L of greedy generation (up to {@code trainer.maxTargetLength} tokens, the references' length) on the
   * fixed validation subset as a ValidationEvent for the orchestrator's early stopping. Costs nothing off the rungs.
   */
  public void validateAtRung(String stage, T5Model model, Function<NDManager, Gates> gates) {
    if (!rungs.due(stage, state.stageStep)) {
      return;
    }
    ValidationRun.Result result;
    try (NDManager scope = manager.newSubManager(); T5Tokenizer tokenizer = T5Tokenizer.forModel(spec.teacherModel())) {
      result = ValidationRun.withRouge(data, tokenizer::decode, spec.trainer().maxTargetLength())
          .run(model, gates.apply(scope), scope);
    }
    sink.trial(new ValidationEvent(rungs.studentStep(stage, state.stageStep), stage, result.loss(),
        result.rougeL()));
    sink.flush();
  }

  /** Writes the whole trial state as a checkpoint and reports it (CheckpointWritten, TrialCheckpointed). */
  public CheckpointStore.Written checkpoint(String stage, CheckpointKind kind) {
    String name = kind == CheckpointKind.PERIODIC
        ? String.format("step-%09d", state.globalStep)
        : "stage-" + String.format("%09d", state.globalStep) + "-" + stage;
    CheckpointStore.Written written = store.write(spec.trialId(), name, dir -> TrialCheckpoint.write(state, dir));
    state.lastCheckpointUri = written.uri();
    sink.checkpoint(new CheckpointWritten(stage, state.globalStep, kind, written.uri(), written.sha256(),
        written.bytes(), null));
    BooleanSupplier known = sink.checkpointed(new TrialCheckpointed(stage, state.globalStep, written.uri(),
        written.sha256()));
    if (kind == CheckpointKind.PERIODIC) {
      periodic.addLast(new Periodic(written.dir(), known));
      deleteOldPeriodic();
    }
    return written;
  }

  /**
   * Keeps the newest {@link #PERIODIC_KEPT} periodic checkpoints, and every one that the trial log may still name
   * as the newest: an old one goes only once the log has acknowledged all the newer ones. An attempt cut off from
   * Kafka keeps training, and its lease may run out meanwhile; the orchestrator then resumes the trial from the
   * last checkpoint it heard of, which this attempt must not have deleted.
   */
  private void deleteOldPeriodic() {
    while (periodic.size() > PERIODIC_KEPT
        && periodic.stream().skip(1).allMatch(p -> p.known().getAsBoolean())) {
      deleteQuietly(periodic.removeFirst().dir());
    }
  }

  /** A periodic checkpoint, and whether the trial log has acknowledged it. */
  private record Periodic(Path dir, BooleanSupplier known) {}

  private static void deleteQuietly(Path dir) {
    try {
      if (Files.exists(dir)) {
        CheckpointStore.deleteTree(dir);
      }
    } catch (IOException ignored) {
      // An old periodic checkpoint left behind costs disk only; newer ones exist.
    }
  }
}
