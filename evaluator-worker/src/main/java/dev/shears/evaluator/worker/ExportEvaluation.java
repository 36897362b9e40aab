package dev.shears.evaluator.worker;

import dev.shears.events.CheckpointWritten;
import dev.shears.events.Envelope;
import dev.shears.events.EvaluationCompleted;
import java.nio.file.Path;

/** Evaluates one verified export: quality against its teacher and measured speed-up. Blocking. */
@FunctionalInterface
public interface ExportEvaluation {

  /**
   * Evaluates the export in {@code exportDir}.
   *
   * @throws EvaluationException with the reason when the export cannot be evaluated (does not load, …)
   */
  EvaluationCompleted evaluate(CheckpointWritten checkpoint, Path exportDir);

  /**
   * Evaluates with the event's envelope at hand (experiment and trial ids), for evaluations whose settings
   * depend on the trial's spec. By default the envelope is not needed.
   */
  default EvaluationCompleted evaluate(Envelope source, CheckpointWritten checkpoint, Path exportDir) {
    return evaluate(checkpoint, exportDir);
  }
}
