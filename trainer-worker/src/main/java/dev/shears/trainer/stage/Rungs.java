package dev.shears.trainer.stage;

import dev.shears.spec.SearchSpec;
import dev.shears.trainer.spec.TrialSpec;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rungs of the experiment's {@code search:}: student steps (prune-encoder, then finetune-pruned; or
 * distill-student) after which the trial reports a validation result for early stopping. Teacher fine-tuning does
 * not count, so every trial of a sweep reaches its rungs at the same point whether or not it trained the teacher.
 */
final class Rungs {
  private final Set<Long> steps;
  private final long pruneSteps;

  private Rungs(Set<Long> steps, long pruneSteps) {
    this.steps = steps;
    this.pruneSteps = pruneSteps;
  }

  static Rungs of(TrialSpec spec) {
    SearchSpec search = spec.experiment().search();
    List<String> plan = StageNames.plan(spec.method());
    return new Rungs(new TreeSet<>(search.rungs()),
        plan.contains(StageNames.PRUNE_ENCODER) ? spec.training().steps() : 0);
  }

  /** The student step after {@code stageStep} steps of {@code stage}, or -1 when the stage does not train it. */
  long studentStep(String stage, long stageStep) {
    return switch (stage) {
      case StageNames.PRUNE_ENCODER, StageNames.DISTILL_STUDENT -> stageStep;
      case StageNames.FINETUNE_PRUNED -> pruneSteps + stageStep;
      default -> -1;
    };
  }

  /** Whether a validation result is due once {@code stageStep} steps of {@code stage} are done. */
  boolean due(String stage, long stageStep) {
    long step = studentStep(stage, stageStep);
    return step > 0 && steps.contains(step);
  }
}
