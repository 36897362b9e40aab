package dev.shears.evaluator.cli;

/** Prediction and reference files hold different numbers of texts. */
public final class LengthMismatchException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final int predictions;
  private final int references;

  /** Names both files and both counts. */
  public LengthMismatchException(String predictionFile, int predictions, String referenceFile, int references) {
    super("Prediction and reference files differ in length: " + predictionFile + " has " + predictions
        + " texts, " + referenceFile + " has " + references);
    this.predictions = predictions;
    this.references = references;
  }

  /** Texts in the prediction file. */
  public int predictions() {
    return predictions;
  }

  /** Texts in the reference file. */
  public int references() {
    return references;
  }
}
