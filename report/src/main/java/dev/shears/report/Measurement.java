package dev.shears.report;

import dev.shears.events.EvaluationCompleted;
import java.util.Map;

/**
 * How an evaluation was taken, as its event's {@code extra} records it; 0 where a field is unknown (an evaluation
 * from before the field was recorded).
 *
 * @param examples     test examples the quality was measured on
 * @param batchSize    inputs in the timed batch
 * @param beams        beam width, of generation for quality and of the timed batch
 * @param newTokens    new tokens: the most generated for quality, all of them run in the timed batch
 * @param timingRounds interleaved timing rounds the speed-up was taken over
 */
public record Measurement(int examples, int batchSize, int beams, int newTokens, int timingRounds) {
  /** Nothing known. */
  public static final Measurement UNKNOWN = new Measurement(0, 0, 0, 0, 0);

  /** What {@code e} records. */
  public static Measurement of(EvaluationCompleted e) {
    Map<String, Double> extra = e.extra() == null ? Map.of() : e.extra();
    return new Measurement(count(extra, "examples"), count(extra, "batchSize"), count(extra, "beams"),
        count(extra, "newTokens"), count(extra, "timingRounds"));
  }

  /** This measurement without its timing rounds: the teacher row's, whose rounds belong to each model's timing. */
  public Measurement withoutRounds() {
    return new Measurement(examples, batchSize, beams, newTokens, 0);
  }

  private static int count(Map<String, Double> extra, String key) {
    Double v = extra.get(key);
    return v == null || v.isNaN() ? 0 : (int) Math.round(v);
  }
}
