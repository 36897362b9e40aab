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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Stage 1 (DESIGN §4): label cross-entropy fine-tuning of the teacher, AdamW with linear decay. Skipped (0 steps)
 * when the spec says the teacher is fine-tuned. Ends by publishing the teacher as an HF directory
 * {@code <trial>/teacher}, which the export event names as {@code teacherUri}.
 */
public final class FinetuneTeacherStage implements Stage {
  @Override
  public String name() {
    return StageNames.FINETUNE_TEACHER;
  }

  @Override
  public Map<String, Double> run(TrialContext ctx) {
    TrialSpec spec = ctx.spec();
    TrialState state = ctx.state();
    int steps = spec.teacherFinetuned() ? 0 : spec.teacherSteps();
    if (state.student == null) {
      state.student = T5Model.open(spec.teacherModel(), spec.training().seed(), ctx.manager());
    }
    T5Model model = state.student;
    if (steps > 0) {
      if (state.modelOptimizer == null) {
        state.modelOptimizer = TrialCheckpoint.optimizer(state, "model", ctx.manager(),
            ModelSteps.trainable(model), AdamW.Settings.DEFAULT);
      }
      LinearSchedule schedule = new LinearSchedule(spec.teacherLr(), 0, steps);
      while (state.stageStep < steps) {
        ctx.checkStop();
        double lr = schedule.lr(state.stageStep);
        try (NDManager scope = ctx.manager().newSubManager()) {
          Batch batch = ctx.data().train(state.stageStep, scope);
          float[] loss = ModelSteps.update(model, batch, ModelSteps.CROSS_ENTROPY, null, null,
              state.modelOptimizer, lr);
          ctx.reportLoss(name(), loss, lr);
        }
        ctx.stepDone(name());
      }
      state.closeOptimizers();
    }
    double validation = ModelSteps.validationLoss(model, ctx);
    CheckpointStore.Written teacher = ctx.store().write(spec.trialId(), "teacher", dir -> {
      model.save(dir);
      copyTokenizer(spec.teacherModel(), dir);
    });
    state.teacherUri = teacher.uri();
    state.teacher = model;
    state.student = null;
    return Map.of("steps", (double) steps, "validationLoss", validation, "params", (double) model.numParameters());
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
