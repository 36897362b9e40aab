package dev.shears.trainer.stage;

import java.util.Map;
import java.util.Set;

/**
 * The stage implementations this trainer has, by stage name. A method's stage plan (its registry entry's
 * {@code stages()}) is run by looking each name up here, so a new method needs only its own new stages added.
 */
public final class StageCatalog {
  private final Map<String, Stage> stages;

  private StageCatalog(Map<String, Stage> stages) {
    this.stages = Map.copyOf(stages);
  }

  /** Every stage of this trainer. */
  public static StageCatalog standard() {
    return new StageCatalog(Map.of(
        StageNames.FINETUNE_TEACHER, new FinetuneTeacherStage(),
        StageNames.SELECT_DECODER, new SelectDecoderStage(),
        StageNames.PRUNE_ENCODER, new PruneEncoderStage(),
        StageNames.PRUNE_NUMERICAL, new NumericalPruneStage(),
        StageNames.FINETUNE_PRUNED, new FinetunePrunedStage(),
        StageNames.DISTILL_STUDENT, new FinetunePrunedStage(true),
        StageNames.EXPORT, new ExportStage()));
  }

  /** The names of the stages this trainer runs. */
  public Set<String> names() {
    return stages.keySet();
  }

  /**
   * The stage called {@code name}.
   *
   * @throws IllegalArgumentException when this trainer has no such stage
   */
  public Stage stage(String name) {
    Stage stage = stages.get(name);
    if (stage == null) {
      throw new IllegalArgumentException("stage '" + name + "' is not implemented by this trainer; it runs "
          + new java.util.TreeSet<>(stages.keySet()));
    }
    return stage;
  }
}
