package dev.shears.spec;

/** Stage names as they appear in stage plans, events and checkpoints. */
public final class Stages {
  public static final String FINETUNE_TEACHER = "finetune-teacher";
  public static final String SELECT_DECODER = "select-decoder";
  public static final String PRUNE_ENCODER = "prune-encoder";
  public static final String PRUNE_NUMERICAL = "prune-numerical";
  public static final String FINETUNE_PRUNED = "finetune-pruned";
  public static final String DISTILL_STUDENT = "distill-student";
  public static final String EXPORT = "export";
  /** The state after the last stage. */
  public static final String DONE = "done";

  private Stages() {}
}
