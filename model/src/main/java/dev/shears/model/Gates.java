package dev.shears.model;

import ai.djl.ndarray.NDArray;

/**
 * Optional multiplicative gates applied in the forward pass (NASH/CoFi structured pruning). Every
 * field may be null (no gate). Fine gates are {@code [layers, width]}: a head gate multiplies each
 * head's attention context before the O projection; an FFN gate multiplies the intermediate
 * activation before {@code wo} (after the activation, and for gated FFNs after the product). Sublayer
 * gates are {@code [layers]} and multiply a whole sublayer's output before the residual add. Gates
 * may require gradients; the forward pass is differentiable with respect to them.
 *
 * @param encoderHeads {@code [numLayers, heads]}
 * @param encoderFfn {@code [numLayers, dFf]}
 * @param decoderSelfHeads {@code [numDecoderLayers, heads]}
 * @param decoderCrossHeads {@code [numDecoderLayers, heads]}
 * @param decoderFfn {@code [numDecoderLayers, dFf]}
 * @param encoderAttentionLayers {@code [numLayers]}
 * @param encoderFfnLayers {@code [numLayers]}
 * @param decoderSelfAttentionLayers {@code [numDecoderLayers]}
 * @param decoderCrossAttentionLayers {@code [numDecoderLayers]}
 * @param decoderFfnLayers {@code [numDecoderLayers]}
 */
public record Gates(
    NDArray encoderHeads,
    NDArray encoderFfn,
    NDArray decoderSelfHeads,
    NDArray decoderCrossHeads,
    NDArray decoderFfn,
    NDArray encoderAttentionLayers,
    NDArray encoderFfnLayers,
    NDArray decoderSelfAttentionLayers,
    NDArray decoderCrossAttentionLayers,
    NDArray decoderFfnLayers) {

  private static final Gates NONE = new Gates(null, null, null, null, null, null, null, null, null, null);

  /** No gates: the plain model. */
  public static Gates none() {
    return NONE;
  }

  /** Whether no gate is set. */
  public boolean isEmpty() {
    return encoderHeads == null && encoderFfn == null && decoderSelfHeads == null
        && decoderCrossHeads == null && decoderFfn == null && encoderAttentionLayers == null
        && encoderFfnLayers == null && decoderSelfAttentionLayers == null
        && decoderCrossAttentionLayers == null && decoderFfnLayers == null;
  }

  /** Starts a builder with every gate unset. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder of {@link Gates}; {@code optX} sets an optional gate. */
  public static final class Builder {
    private NDArray encoderHeads;
    private NDArray encoderFfn;
    private NDArray decoderSelfHeads;
    private NDArray decoderCrossHeads;
    private NDArray decoderFfn;
    private NDArray encoderAttentionLayers;
    private NDArray encoderFfnLayers;
    private NDArray decoderSelfAttentionLayers;
    private NDArray decoderCrossAttentionLayers;
    private NDArray decoderFfnLayers;

    private Builder() {}

    public Builder optEncoderHeads(NDArray g) {
      encoderHeads = g;
      return this;
    }

    public Builder optEncoderFfn(NDArray g) {
      encoderFfn = g;
      return this;
    }

    public Builder optDecoderSelfHeads(NDArray g) {
      decoderSelfHeads = g;
      return this;
    }

    public Builder optDecoderCrossHeads(NDArray g) {
      decoderCrossHeads = g;
      return this;
    }

    public Builder optDecoderFfn(NDArray g) {
      decoderFfn = g;
      return this;
    }

    public Builder optEncoderAttentionLayers(NDArray g) {
      encoderAttentionLayers = g;
      return this;
    }

    public Builder optEncoderFfnLayers(NDArray g) {
      encoderFfnLayers = g;
      return this;
    }

    public Builder optDecoderSelfAttentionLayers(NDArray g) {
      decoderSelfAttentionLayers = g;
      return this;
    }

    public Builder optDecoderCrossAttentionLayers(NDArray g) {
      decoderCrossAttentionLayers = g;
      return this;
    }

    public Builder optDecoderFfnLayers(NDArray g) {
      decoderFfnLayers = g;
      return this;
    }

    public Gates build() {
      return new Gates(
          encoderHeads, encoderFfn, decoderSelfHeads, decoderCrossHeads, decoderFfn,
          encoderAttentionLayers, encoderFfnLayers, decoderSelfAttentionLayers,
          decoderCrossAttentionLayers, decoderFfnLayers);
    }
  }
}
