package dev.shears.evaluator.quality;

import dev.shears.events.ConfidenceInterval;
import dev.shears.events.EvaluationCompleted;
import dev.shears.model.ModelCard;
import dev.shears.report.Metrics;
import java.util.Locale;
import java.util.Map;

/** What a model card says of an evaluation: the primary metric, quality retained and speed-up with their CIs. */
public final class EvaluationCard {
  private EvaluationCard() {}

  /**
   * The card's figures from {@code e}: quality retained is the model's score over the teacher's, its interval the
   * paired-bootstrap interval of the difference to the teacher divided by the teacher's score; the speed-up's
   * interval is over the timing rounds.
   *
   * @param measuredBy who measured it, for the card's sentence on how (e.g. "the Shears evaluator")
   */
  public static ModelCard.Evaluation of(EvaluationCompleted e, String measuredBy) {
    String metric = Metrics.primary(e.metrics().keySet());
    double teacherScore = e.teacherMetrics().getOrDefault(metric, Double.NaN);
    ConfidenceInterval diff = e.teacherDifference() == null ? null : e.teacherDifference().get(metric);
    ConfidenceInterval speed = e.speedupInterval();
    Map<String, Double> extra = e.extra() == null ? Map.of() : e.extra();
    String how = String.format(Locale.ROOT, "Measured by %s on %s test examples: quality retained = %s / the "
        + "teacher's, interval from the paired bootstrap of the difference; speed-up = median whole-generate latency "
        + "of the teacher / this model (batch %s, beam %s, %s new tokens, all steps), interval over %s interleaved "
        + "timing rounds.", measuredBy, count(extra, "examples"), metric, count(extra, "batchSize"),
        count(extra, "beams"), count(extra, "newTokens"), count(extra, "timingRounds"));
    return new ModelCard.Evaluation(metric, e.metrics().getOrDefault(metric, Double.NaN), teacherScore,
        diff == null ? Double.NaN : 1 + diff.low() / teacherScore,
        diff == null ? Double.NaN : 1 + diff.high() / teacherScore,
        e.speedup(), speed == null ? Double.NaN : speed.low(), speed == null ? Double.NaN : speed.high(), how);
  }

  private static String count(Map<String, Double> extra, String key) {
    Double v = extra.get(key);
    return v == null ? "?" : String.valueOf(Math.round(v));
  }
}
