package dev.shears.model.rouge;

/**
 * Precision, recall and their harmonic mean, as {@code rouge_score}'s {@code Score}.
 *
 * @param precision matches over prediction units
 * @param recall    matches over reference units
 * @param fmeasure  {@code 2PR/(P+R)}, 0 when both are 0
 */
public record Prf(double precision, double recall, double fmeasure) {

  /** All zero. */
  public static final Prf ZERO = new Prf(0, 0, 0);

  /** The score with F1 computed from precision and recall. */
  public static Prf of(double precision, double recall) {
    double sum = precision + recall;
    return new Prf(precision, recall, sum > 0 ? 2 * precision * recall / sum : 0.0);
  }
}
