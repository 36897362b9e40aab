package dev.shears.evaluator.speed;

/**
 * Figures read from a model's weights.
 *
 * @param parameters        all weights, a tied embedding counted once
 * @param encoderPrunable   encoder attention (q, k, v, o) and feed-forward weights: what NASH prunes
 *                          (embeddings, norms and the relative-attention bias are excluded)
 * @param encoderLayers     encoder blocks
 * @param decoderLayers     decoder blocks
 * @param modelPrunable     {@code encoderPrunable} plus the decoder's self- and cross-attention and feed-forward
 *                          weights: what CoFi's whole-model target counts
 */
public record ModelStats(long parameters, long encoderPrunable, int encoderLayers, int decoderLayers,
    long modelPrunable) {

  /** Fraction of {@code teacher}'s prunable weights, encoder and decoder, this model no longer has. */
  public double modelSparsityAgainst(ModelStats teacher) {
    if (teacher.modelPrunable() <= 0) {
      return 0.0;
    }
    return Math.max(0.0, 1.0 - (double) modelPrunable / teacher.modelPrunable());
  }

  /** Fraction of {@code teacher}'s prunable encoder weights this model no longer has. */
  public double encoderSparsityAgainst(ModelStats teacher) {
    if (teacher.encoderPrunable() <= 0) {
      return 0.0;
    }
    return Math.max(0.0, 1.0 - (double) encoderPrunable / teacher.encoderPrunable());
  }
}
