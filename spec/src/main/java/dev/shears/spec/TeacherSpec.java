package dev.shears.spec;

import static dev.shears.spec.Fields.LR;
import static dev.shears.spec.Fields.STEPS;
import static dev.shears.spec.Fields.obj;
import static dev.shears.spec.Fields.opt;
import static dev.shears.spec.Fields.req;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * {@code teacher:} the model every method prunes or distils. {@code finetuned: true} skips the finetune-teacher
 * stage; by default that stage reuses a teacher fine-tuned earlier from the same model, data, seed and schedule (the
 * trials of a sweep share one teacher, as in the paper), and {@code reuse: false} fine-tunes afresh.
 *
 * @param model a built-in model ({@code builtin:tiny-t5}) or a Hugging Face T5 directory, resolved to an absolute
 *     path at submission
 * @param finetuned whether the model is already fine-tuned on the task
 * @param reuse whether a teacher fine-tuned earlier from the same inputs may be reused
 * @param finetuneSteps fine-tuning steps (default 0)
 * @param finetuneLr fine-tuning peak learning rate (default 3e-4)
 * @param finetuneWarmupSteps steps of linear warm-up to the peak rate before the linear decay (default 0); training
 *     from scratch needs it
 * @param validation periodic validation during fine-tuning, and stopping on a plateau
 */
public record TeacherSpec(String model, boolean finetuned, boolean reuse, int finetuneSteps, double finetuneLr,
    int finetuneWarmupSteps, Validation validation) {
  /**
   * {@code teacher.finetune.validateEvery/patience/minDelta}: every {@code every} steps the stage measures the
   * validation loss and ROUGE-L of greedy generation and keeps the best model by ROUGE-L; it stops once
   * {@code patience} validations in a row improved the best ROUGE-L by less than {@code minDelta}.
   *
   * @param every steps between validations; 0 (default) validates once, at the end, and keeps the last model
   * @param patience validations without improvement before stopping; 0 (default) trains to {@code steps}
   * @param minDelta the least ROUGE-L gain (F1 in [0, 1]) that counts as an improvement (default 0.001)
   */
  public record Validation(int every, int patience, double minDelta) {
    /** No periodic validation. */
    public static final Validation NONE = new Validation(0, 0, 0.001);

    /** Whether the stage validates periodically. */
    public boolean periodic() {
      return every > 0;
    }
  }

  /** The built-in models. */
  public static final List<String> MODELS = List.of("builtin:tiny-t5");

  static final Rule.Obj SCHEMA = obj(
      req("model", new Rule.Location(PathResolver.MODEL, MODELS), true),
      opt("finetuned", new Rule.Bool(), false),
      opt("reuse", new Rule.Bool(), false),
      opt("finetune", obj(
          opt("steps", STEPS, true),
          opt("lr", LR, true),
          opt("warmupSteps", STEPS, true),
          opt("validateEvery", STEPS, true),
          opt("patience", STEPS, true),
          opt("minDelta", new Rule.Num(0, true, 1, true), true)), false));

  /** Whether the model is one of the built-ins rather than a directory. */
  public boolean builtin() {
    return model.startsWith("builtin:");
  }

  /** This teacher with {@code model} (a resolved path, say). */
  public TeacherSpec withModel(String model) {
    return new TeacherSpec(model, finetuned, reuse, finetuneSteps, finetuneLr, finetuneWarmupSteps, validation);
  }

  static TeacherSpec read(JsonNode root) {
    Section s = Section.of(root, "teacher");
    Section finetune = s.child("finetune");
    return new TeacherSpec(s.text("model", null), s.bool("finetuned", false), s.bool("reuse", true),
        finetune.integer("steps", 0), finetune.number("lr", 3e-4), finetune.integer("warmupSteps", 0),
        new Validation(finetune.integer("validateEvery", 0), finetune.integer("patience", 0),
            finetune.number("minDelta", Validation.NONE.minDelta())));
  }
}
