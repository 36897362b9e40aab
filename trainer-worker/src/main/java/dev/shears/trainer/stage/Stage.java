package dev.shears.trainer.stage;

import java.util.Map;

/** One NASH stage. It continues from {@code state.stageStep} (0 for a fresh start) and runs to its end. */
public interface Stage {
  /** The stage name (see {@link StageNames}). */
  String name();

  /**
   * Runs the rest of the stage; returns its summary metrics. Throws {@link StopRequested} at a step boundary when
   * asked to stop, {@link TrainingDiverged} on a non-finite loss.
   */
  Map<String, Double> run(TrialContext ctx);
}
