package dev.shears.trainer.stage;

import dev.shears.events.StageCompleted;
import dev.shears.events.StageStarted;
import java.util.Map;

/**
 * What a trial that early stopping ended keeps: its student as it stands (the gates' deterministic values folded
 * in during prune-encoder; the best validation model so far during finetune-pruned), exported like a finished
 * trial's so that the evaluators measure it and it has a row in the report.
 */
public final class EarlyExport {
  /** The revocation reason that asks for it. */
  public static final String REASON = "early-stop";

  private EarlyExport() {}

  /** Exports the student now; returns the export URI, or null when the trial has no student yet. */
  public static String run(TrialContext ctx) {
    TrialState state = ctx.state();
    if (state.student == null) {
      return null;
    }
    if (StageNames.PRUNE_ENCODER.equals(state.stage()) && state.headGates != null
        && state.student.layout().isFull(state.student.config())) {
      state.replaceStudent(FinetunePrunedStage.prune(state, ctx.spec(), ctx.manager(), false).model());
    }
    ctx.sink().trial(new StageStarted(StageNames.EXPORT, state.globalStep));
    Map<String, Double> metrics = new ExportStage().run(ctx);
    ctx.sink().trial(new StageCompleted(StageNames.EXPORT, state.globalStep, metrics));
    ctx.sink().flush();
    return state.exportUri;
  }
}
