package dev.shears.trainer;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.shears.events.CheckpointKind;
import dev.shears.events.FailureKind;
import dev.shears.events.PathRoots;
import dev.shears.events.StageCompleted;
import dev.shears.events.StageStarted;
import dev.shears.model.BuiltinModels;
import dev.shears.model.ModelFormatException;
import dev.shears.model.T5Model;
import dev.shears.trainer.checkpoint.CheckpointException;
import dev.shears.trainer.checkpoint.CheckpointStore;
import dev.shears.trainer.data.BatchSource;
import dev.shears.trainer.data.BatchSourceFactory;
import dev.shears.trainer.optim.GradMode;
import dev.shears.trainer.spec.TrialSpec;
import dev.shears.trainer.spec.TrialSpecException;
import dev.shears.trainer.stage.EarlyExport;
import dev.shears.trainer.stage.StageCatalog;
import dev.shears.trainer.stage.StageNames;
import dev.shears.trainer.stage.StopRequested;
import dev.shears.trainer.stage.TrainingDiverged;
import dev.shears.trainer.stage.TrialContext;
import dev.shears.trainer.telemetry.TelemetrySink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one resolved trial spec end to end in this process, on the calling thread: the stages of its method's plan
 * (from the method registry, looked up in a {@link StageCatalog}), reporting to a {@link TelemetrySink},
 * checkpointing to a {@link CheckpointStore}, and stopping at a step boundary when the {@link StopSignal} fires.
 * Emits StageStarted, StageCompleted, TrialCheckpointed, CheckpointWritten and telemetry; the caller reports
 * TrialStarted and the final TrialSucceeded/TrialFailed from the returned {@link TrialOutcome}.
 *
 * <p>Only one trial may train per JVM at a time (DJL allows one open GradientCollector per JVM).
 */
public final class TrialRunner {
  private static final StageCatalog STAGES = StageCatalog.standard();

  private final CheckpointStore store;
  private final BatchSourceFactory data;
  private final PathRoots roots;

  /**
   * A runner writing checkpoints to {@code store} and reading data through {@code data}, trusting the paths of the
   * specs it is given (a spec from the command line or a test).
   */
  public TrialRunner(CheckpointStore store, BatchSourceFactory data) {
    this(store, data, null);
  }

  /**
   * A runner that also refuses specs whose {@code task.dataset}, {@code teacher.model} or resume checkpoint lie
   * outside {@code roots} (a worker taking specs from Kafka); such a trial fails with the reason.
   */
  public TrialRunner(CheckpointStore store, BatchSourceFactory data, PathRoots roots) {
    this.store = store;
    this.data = data;
    this.roots = roots;
  }

  /**
   * Runs (or, with a {@code resumeUri}, continues) the trial. Bad input and failed runs come back as
   * {@link TrialOutcome.Failed} with a reason the user can act on; nothing is thrown for them.
   */
  public TrialOutcome run(TrialSpec spec, String resumeUri, TelemetrySink sink, StopSignal stop) {
    return run(spec, resumeUri, sink, stop, null);
  }

  /** As {@link #run(TrialSpec, String, TelemetrySink, StopSignal)} on {@code device} (null: DJL's default). */
  public TrialOutcome run(TrialSpec spec, String resumeUri, TelemetrySink sink, StopSignal stop, Device device) {
    List<String> plan;
    BatchSource batches;
    try {
      plan = StageNames.plan(spec.method());
      plan.forEach(STAGES::stage);
      spec = confine(spec, resumeUri);
      checkTeacher(spec.teacherModel());
      batches = data.open(spec);
    } catch (IllegalArgumentException e) {
      return TrialOutcome.Failed.configuration(e.getMessage());
    }
    GradMode.disableOnThisThread();
    try (batches; NDManager manager = device == null ? NDManager.newBaseManager() : NDManager.newBaseManager(device)) {
      TrialContext ctx;
      try {
        ctx = TrialContext.open(spec, resumeUri, batches, sink, store, stop, manager);
      } catch (CheckpointException | ModelFormatException e) {
        return new TrialOutcome.Failed("Cannot resume from " + resumeUri + ": " + e.getMessage(), null, resumeUri);
      }
      try (var state = ctx.state()) {
        return runStages(ctx, plan);
      }
    }
  }

  private TrialOutcome runStages(TrialContext ctx, List<String> plan) {
    var state = ctx.state();
    try {
      int first = plan.indexOf(state.stage());
      if (first < 0 && !StageNames.DONE.equals(state.stage())) {
        return new TrialOutcome.Failed("The checkpoint is at stage '" + state.stage() + "', which method "
            + ctx.spec().methodName() + " does not run", state.globalStep(), state.lastCheckpointUri());
      }
      for (int i = Math.max(0, first); first >= 0 && i < plan.size(); i++) {
        String name = plan.get(i);
        if (state.stageStep() == 0) {
          ctx.sink().trial(new StageStarted(name, state.globalStep()));
        }
        Map<String, Double> metrics = STAGES.stage(name).run(ctx);
        state.metrics().put(name, metrics);
        String next = i + 1 < plan.size() ? plan.get(i + 1) : StageNames.DONE;
        ctx.advanceTo(next);
        if (!StageNames.EXPORT.equals(name)) {
          ctx.checkpoint(name, CheckpointKind.STAGE);
        }
        ctx.sink().trial(new StageCompleted(name, state.globalStep(), metrics));
        ctx.sink().flush();
      }
      return new TrialOutcome.Succeeded(state.exportUri(), summary(state.metrics(), state.globalStep()));
    } catch (StopRequested e) {
      String checkpoint = ctx.checkpoint(state.stage(), CheckpointKind.PERIODIC).uri();
      if (EarlyExport.REASON.equals(e.getMessage())) {
        return new TrialOutcome.EarlyStopped(state.globalStep(), checkpoint, EarlyExport.run(ctx));
      }
      ctx.sink().flush();
      return new TrialOutcome.Stopped(e.getMessage(), state.globalStep(), checkpoint);
    } catch (TrainingDiverged e) {
      ctx.sink().flush();
      String last = state.lastCheckpointUri();
      String advice = last == null
          ? ". No checkpoint was written yet; lower the learning rate and run again."
          : ". Last checkpoint: " + last + "; lower the learning rate, or resume from that checkpoint.";
      return new TrialOutcome.Failed(e.getMessage() + "; the trial stopped there" + advice, e.step(), last);
    } catch (IllegalArgumentException e) {
      // Stages throw it for a spec that does not fit the model (nash.decoderLayers beyond the teacher's layers).
      ctx.sink().flush();
      return new TrialOutcome.Failed(e.getMessage(), state.globalStep(), state.lastCheckpointUri(),
          FailureKind.CONFIGURATION);
    } catch (CheckpointException e) {
      ctx.sink().flush();
      return new TrialOutcome.Failed(e.getMessage(), state.globalStep(), state.lastCheckpointUri());
    }
  }

  private static Map<String, Double> summary(Map<String, Map<String, Double>> metrics, long steps) {
    Map<String, Double> out = new LinkedHashMap<>();
    metrics.forEach((stage, m) -> m.forEach((k, v) -> out.put(stage + "." + k, v)));
    out.put("steps", (double) steps);
    return out;
  }

  /**
   * Fails early, naming the field, when a path of the spec lies outside this worker's roots; otherwise the spec with
   * its paths resolved by the rule the orchestrator applied at submission (an absolute path stays as it is).
   */
  private TrialSpec confine(TrialSpec spec, String resumeUri) {
    if (roots == null) {
      return spec;
    }
    String dataset = check("task.dataset", PathRoots.DATA, spec.dataset());
    String teacher = check("teacher.model", PathRoots.MODEL, spec.teacherModel());
    if (resumeUri != null) {
      String path;
      try {
        path = CheckpointStore.pathOf(resumeUri).toString();
      } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
        throw new IllegalArgumentException("resume checkpoint: '" + resumeUri + "' is not a file: URI or path");
      }
      check("resume checkpoint", PathRoots.MODEL, path);
    }
    return spec.withPaths(dataset, teacher);
  }

  private String check(String field, String kind, String path) {
    if (path == null || path.startsWith(BuiltinModels.PREFIX)) {
      return path;
    }
    try {
      return roots.resolve(kind, path).toString();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": refused by this worker: " + e.getMessage());
    }
  }

  /** Fails early, naming the field, when the teacher cannot be found. */
  private static void checkTeacher(String ref) {
    if (ref.startsWith(BuiltinModels.PREFIX)) {
      if (!BuiltinModels.names().contains(ref)) {
        throw new IllegalArgumentException("teacher.model: unknown built-in model '" + ref + "'; known: "
            + BuiltinModels.names());
      }
      return;
    }
    Path dir = Path.of(ref);
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("teacher.model: directory " + dir.toAbsolutePath()
          + " does not exist; give a fine-tuned HF model directory or builtin:tiny-t5");
    }
    if (!Files.isRegularFile(dir.resolve(T5Model.CONFIG_FILE))
        || !Files.isRegularFile(dir.resolve(T5Model.WEIGHTS_FILE))) {
      throw new IllegalArgumentException("teacher.model: " + dir.toAbsolutePath() + " must hold "
          + T5Model.CONFIG_FILE + " and " + T5Model.WEIGHTS_FILE);
    }
  }
}
