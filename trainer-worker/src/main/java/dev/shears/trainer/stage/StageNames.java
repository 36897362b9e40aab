package dev.shears.trainer.stage;

import dev.shears.spec.PruningMethods;
import dev.shears.spec.Stages;
import java.util.List;

/** Stage names as they appear in events and checkpoints, and the stage plan of each method. */
public final class StageNames {
  public static final String FINETUNE_TEACHER = "finetune-teacher";
  public static final String SELECT_DECODER = "select-decoder";
  public static final String PRUNE_ENCODER = "prune-encoder";
  public static final String PRUNE_NUMERICAL = Stages.PRUNE_NUMERICAL;
  public static final String FINETUNE_PRUNED = "finetune-pruned";
  public static final String DISTILL_STUDENT = "distill-student";
  public static final String EXPORT = "export";
  /** The state after the last stage. */
  public static final String DONE = "done";

  private StageNames() {}

  /** The stages {@code method} runs, in order: its registry entry's plan. */
  public static List<String> plan(String method) {
    return PruningMethods.of(method).stages();
  }
}
