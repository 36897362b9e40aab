package dev.shears.spec;

import static dev.shears.spec.Fields.LR;
import static dev.shears.spec.Fields.STEPS;
import static dev.shears.spec.Fields.obj;
import static dev.shears.spec.Fields.opt;

import java.util.Set;

/**
 * {@code finetunePruned:} the fine-tuning of a pruned student.
 *
 * @param recipe {@code nash} (label cross-entropy, the paper's) or {@code distill} (the distillation loss)
 * @param steps steps (default 500)
 * @param lr peak learning rate (default 3e-4)
 */
public record FinetunePruned(String recipe, int steps, double lr) {
  public static final String LABELS = "nash";
  public static final String DISTILL = "distill";

  static final Rule.Obj SCHEMA = obj(
      opt("recipe", new Rule.OneOf(Set.of(LABELS, DISTILL)), true),
      opt("steps", STEPS, true),
      opt("lr", LR, true));

  /** Whether fine-tuning uses the distillation loss rather than label cross-entropy. */
  public boolean distills() {
    return DISTILL.equals(recipe);
  }

  static FinetunePruned read(Section method) {
    Section s = method.child("finetunePruned");
    return new FinetunePruned(s.text("recipe", LABELS), s.integer("steps", 500), s.number("lr", 3e-4));
  }
}
