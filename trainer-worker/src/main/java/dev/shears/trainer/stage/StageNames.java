package dev.shears.trainer.stage;

import dev.shears.spec.MethodSpec;
import dev.shears.spec.Stages;
import java.util.List;

/** Stage names as they appear in events and checkpoints (see {@link Stages}), and the stage plan of a method. */
public final class StageNames {
  public static final String FINETUNE_TEACHER = Stages.FINETUNE_TEACHER;
  public static final String SELECT_DECODER = Stages.SELECT_DECODER;
  public static final String PRUNE_ENCODER = Stages.PRUNE_ENCODER;
  public static final String PRUNE_NUMERICAL = Stages.PRUNE_NUMERICAL;
  public static final String FINETUNE_PRUNED = Stages.FINETUNE_PRUNED;
  public static final String DISTILL_STUDENT = Stages.DISTILL_STUDENT;
  public static final String EXPORT = Stages.EXPORT;
  /** The state after the last stage. */
  public static final String DONE = Stages.DONE;

  private StageNames() {}

  /** The stages {@code method} runs, in order: its registry entry's plan. */
  public static List<String> plan(MethodSpec method) {
    return method.method().stages();
  }
}
