package dev.shears.evaluator.speed;

/**
 * How a batch is decoded.
 *
 * @param beams        beam width (1 = greedy)
 * @param maxNewTokens tokens generated after the decoder start token
 * @param allSteps     run every one of {@code maxNewTokens} steps, end-of-sequence included, as the paper's
 *                     speed measurement does; false stops at end-of-sequence (quality evaluation)
 */
public record Decoding(int beams, int maxNewTokens, boolean allSteps) {
  /** Validates. */
  public Decoding {
    if (beams < 1) {
      throw new IllegalArgumentException("Invalid value " + beams + " for eval.beam: must be >= 1");
    }
    if (maxNewTokens < 1) {
      throw new IllegalArgumentException("Invalid value " + maxNewTokens + " for eval.maxNewTokens: must be >= 1");
    }
  }
}
