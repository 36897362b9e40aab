package dev.shears.evaluator.cli;

import dev.shears.model.rouge.ExampleScores;
import dev.shears.model.rouge.RougeScorer;
import dev.shears.model.rouge.RougeType;
import dev.shears.events.ConfidenceInterval;
import dev.shears.report.stats.Bootstrap;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code shears eval rouge}: corpus-mean ROUGE F1 of a prediction file against a reference file, one
 * text per line (see {@link TextLines}).
 */
public final class RougeFiles {

  /**
   * The result: mean F1 per ROUGE type and, when asked, bootstrap intervals.
   *
   * @param pairs     number of scored pairs
   * @param meanF1    corpus mean F1 per type, in [0, 1]
   * @param intervals 95% bootstrap intervals per type, or empty
   */
  public record Result(int pairs, Map<String, Double> meanF1, Map<String, ConfidenceInterval> intervals) {}

  private final RougeScorer scorer;

  /** Scores the given types, with or without stemming. */
  public RougeFiles(List<RougeType> types, boolean stem) {
    this.scorer = new RougeScorer(types, stem);
  }

  /**
   * Scores the files.
   *
   * @param bootstrapSeed seed for 95% intervals, or null for none
   * @throws LengthMismatchException when the files hold different numbers of texts
   */
  public Result score(Path predictions, Path references, Long bootstrapSeed) throws IOException {
    List<String> preds = TextLines.read(predictions);
    List<String> refs = TextLines.read(references);
    if (preds.size() != refs.size()) {
      throw new LengthMismatchException(predictions.toString(), preds.size(), references.toString(), refs.size());
    }
    ExampleScores scores = scorer.f1Scores(refs, preds);
    Map<String, ConfidenceInterval> intervals = bootstrapSeed == null ? Map.of()
        : Bootstrap.defaults(bootstrapSeed).means(scores.asMap());
    return new Result(preds.size(), scores.means(), intervals);
  }
}
