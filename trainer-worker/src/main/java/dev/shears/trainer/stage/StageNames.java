package dev.shears.trainer.stage;

import java.util.List;

/** Stage names as they appear in events and checkpoints, and the stage plan of each method. */
public final class StageNames {
  public static final String FINETUNE_TEACHER = "finetune-teacher";
  public static final String SELECT_DECODER = "select-decoder";
  public static final String PRUNE_ENCODER = "prune-encoder";
  public static final String FINETUNE_PRUNED = "finetune-pruned";
  public static final String DISTILL_STUDENT = "distill-student";
  public static final String EXPORT = "export";
  /** The state after the last stage. */
  public static final String DONE = "done";

  private StageNames() {}

  /** The stages {@code method} runs, in order. */
  public static List<String> plan(String method) {
    return switch (method) {
      case "nash", "cofi" -> List.of(FINETUNE_TEACHER, SELECT_DECODER, PRUNE_ENCODER, FINETUNE_PRUNED, EXPORT);
      case "uniform-only" -> List.of(FINETUNE_TEACHER, SELECT_DECODER, FINETUNE_PRUNED, EXPORT);
      case "distill-small" -> List.of(FINETUNE_TEACHER, SELECT_DECODER, DISTILL_STUDENT, EXPORT);
      default -> throw new IllegalArgumentException("method: '" + method
          + "' is not run by this trainer; it runs nash, cofi, uniform-only and distill-small");
    };
  }
}
