package dev.shears.trainer.stage;

import ai.djl.ndarray.NDManager;
import dev.shears.model.BuiltinModels;
import dev.shears.model.T5Model;
import dev.shears.trainer.checkpoint.CheckpointStore;
import dev.shears.trainer.data.Batch;
import dev.shears.trainer.optim.AdamW;
import dev.shears.trainer.optim.LinearSchedule;
import dev.shears.trainer.spec.TrialSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stage 1 (DESIGN §4): label cross-entropy fine-tuning of the teacher, AdamW with linear decay. Skipped (0 steps)
 * when the spec says the teacher is fine-tuned. Ends by publishing the teacher as an HF directory, which the export
 * event names as {@code teacherUri}: {@code teachers/<key>} in the checkpoint store, shared by every trial that would
 * train the same teacher (and reused by them instead of training it again), or {@code <trial>/teacher} with
 * {@code teacher.reuse: false}.
 */
public final class FinetuneTeacherStage implements Stage {
  /** The checkpoint-store directory holding fine-tuned teachers shared by trials. */
  static final String SHARED_TEACHERS = "teachers";

  @Override
  public String name() {
    return StageNames.FINETUNE_TEACHER;
  }

  @Override
  public Map<String, Double> run(TrialContext ctx) {
    TrialSpec spec = ctx.spec();
    TrialState state = ctx.state();
    int steps = spec.teacherFinetuned() ? 0 : spec.teacherSteps();
    if (steps > 0 && spec.teacherReuse() && state.stageStep == 0 && state.student == null) {
      var cached = ctx.store().find(SHARED_TEACHERS, cacheKey(spec));
      if (cached.isPresent()) {
        return adopt(ctx, cached.get(), steps);
      }
    }
    if (state.student == null) {
      state.student = T5Model.open(spec.teacherModel(), spec.training().seed(), ctx.manager());
    }
    T5Model model = state.student;
    TeacherValidation periodic = steps > 0 && spec.teacherValidation().periodic()
        ? TeacherValidation.open(ctx, name()) : null;
    // try/finally: a stop or failure mid-training must not leak the validation's native tokenizer.
    try {
      train(ctx, model, steps, periodic);
    } finally {
      if (periodic != null) {
        periodic.close();
      }
    }
    if (periodic != null) {
      model = periodic.keepBest(model);
      state.student = model;
    }
    T5Model teacherModel = model;
    double validation = ModelSteps.validationLoss(teacherModel, ctx);
    CheckpointStore.Writer save = dir -> {
      teacherModel.save(dir);
      copyTokenizer(spec.teacherModel(), dir);
      if (periodic != null) {
        periodic.writeCurve(dir);
      }
    };
    CheckpointStore.Written teacher = steps > 0 && spec.teacherReuse()
        ? ctx.store().writeIfAbsent(SHARED_TEACHERS, cacheKey(spec), save)
        : ctx.store().write(spec.trialId(), "teacher", save);
    state.teacherUri = teacher.uri();
    state.teacher = teacherModel;
    state.student = null;
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("steps", (double) (periodic == null ? steps : state.stageStep));
    metrics.put("validationLoss", validation);
    metrics.put("params", (double) teacherModel.numParameters());
    metrics.put("reused", 0.0);
    if (periodic != null) {
      metrics.putAll(periodic.metrics());
    }
    return metrics;
  }

  /** Fine-tunes the teacher for its remaining steps, validating and stopping on a plateau when {@code periodic}. */
  private void train(TrialContext ctx, T5Model model, int steps, TeacherValidation periodic) {
    TrialSpec spec = ctx.spec();
    TrialState state = ctx.state();
    if (steps == 0) {
      return;
    }
    if (state.modelOptimizer == null) {
      state.modelOptimizer = TrialCheckpoint.optimizer(state, "model", ctx.manager(),
          ModelSteps.trainable(model), AdamW.Settings.DEFAULT);
    }
    LinearSchedule schedule = new LinearSchedule(spec.teacherLr(), spec.teacherWarmupSteps(), steps);
    while (state.stageStep < steps && (periodic == null || !periodic.stalled())) {
      ctx.checkStop();
      double lr = schedule.lr(state.stageStep);
      try (NDManager scope = ctx.manager().newSubManager()) {
        Batch batch = ctx.data().train(state.stageStep, scope);
        float[] loss = ModelSteps.update(model, batch, ModelSteps.CROSS_ENTROPY, null, null,
            state.modelOptimizer, lr);
        ctx.reportLoss(name(), loss, lr);
        if (periodic != null) {
          periodic.trained(loss[0]);
        }
      }
      ctx.stepDone(name());
      if (periodic != null && periodic.due(state.stageStep, steps)) {
        periodic.validate(model, state.stageStep);
      }
    }
    state.closeOptimizers();
  }

  /** Takes a teacher fine-tuned earlier from the same inputs instead of training it again. */
  private Map<String, Double> adopt(TrialContext ctx, CheckpointStore.Written cached, int steps) {
    TrialState state = ctx.state();
    T5Model model = T5Model.load(cached.dir(), ctx.manager());
    state.teacherUri = cached.uri();
    state.teacher = model;
    double validation = ModelSteps.validationLoss(model, ctx);
    return Map.of("steps", (double) steps, "validationLoss", validation, "params", (double) model.numParameters(),
        "reused", 1.0);
  }

  /**
   * Names a fine-tuned teacher by everything that decides its weights: the base model, the data and its
   * truncation, the seed (initialisation and shuffling), batch size and the schedule. Training is deterministic
   * given these, so trials that agree on them would train the same teacher.
   */
  static String cacheKey(TrialSpec spec) {
    String inputs = String.join("\n", spec.teacherModel(), spec.dataset(), String.valueOf(spec.inputField()),
        String.valueOf(spec.targetField()), Integer.toString(spec.teacherSteps()), Double.toString(spec.teacherLr()),
        Long.toString(spec.training().seed()), Integer.toString(spec.training().batchSize()),
        Integer.toString(spec.trainer().maxSourceLength()), Integer.toString(spec.trainer().maxTargetLength()))
        // Appended only when set, so teachers trained before warm-up existed keep their keys.
        + (spec.teacherWarmupSteps() > 0 ? "\nwarmup " + spec.teacherWarmupSteps() : "")
        // The plateau rule decides which weights are kept and when training ends.
        + (spec.teacherValidation().periodic() ? "\nvalidation " + spec.teacherValidation() : "");
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(inputs.getBytes(StandardCharsets.UTF_8));
      return "teacher-" + HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Puts the tokenizer beside a saved model so the directory is self-contained for evaluators. */
  static void copyTokenizer(String modelRef, Path dir) throws IOException {
    if (modelRef.startsWith(BuiltinModels.PREFIX)) {
      BuiltinModels.writeTokenizer(dir);
      return;
    }
    Path source = Path.of(modelRef).resolve("tokenizer.json");
    if (Files.isRegularFile(source)) {
      Files.copy(source, dir.resolve("tokenizer.json"), StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
