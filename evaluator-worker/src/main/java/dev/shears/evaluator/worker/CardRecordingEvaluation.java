package dev.shears.evaluator.worker;

import dev.shears.evaluator.quality.EvaluationCard;
import dev.shears.events.CheckpointWritten;
import dev.shears.events.Envelope;
import dev.shears.events.EvaluationCompleted;
import dev.shears.model.HfExport;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts each evaluation into the evaluated export's model card ({@code README.md}: quality retained and speed-up with
 * their 95% intervals), so the directory a user copies or uploads says how good and how fast it is. The card is
 * written before the result is published: a worker stopped in between leaves the export to be evaluated again, and
 * that evaluation writes the card anew. A card that cannot be written is logged and the evaluation still stands.
 */
public final class CardRecordingEvaluation implements ExportEvaluation {
  private static final Logger LOG = LoggerFactory.getLogger(CardRecordingEvaluation.class);
  static final String MEASURED_BY = "the Shears evaluator";

  private final ExportEvaluation evaluation;

  public CardRecordingEvaluation(ExportEvaluation evaluation) {
    this.evaluation = evaluation;
  }

  @Override
  public EvaluationCompleted evaluate(CheckpointWritten checkpoint, Path exportDir) {
    return recorded(evaluation.evaluate(checkpoint, exportDir), exportDir);
  }

  @Override
  public EvaluationCompleted evaluate(Envelope source, CheckpointWritten checkpoint, Path exportDir) {
    return recorded(evaluation.evaluate(source, checkpoint, exportDir), exportDir);
  }

  private static EvaluationCompleted recorded(EvaluationCompleted completed, Path exportDir) {
    try {
      HfExport.writeEvaluation(exportDir, EvaluationCard.of(completed, MEASURED_BY));
    } catch (UncheckedIOException | IllegalArgumentException e) {
      LOG.warn("The model card of export {} keeps no evaluation: {}", exportDir, e.getMessage());
    }
    return completed;
  }
}
