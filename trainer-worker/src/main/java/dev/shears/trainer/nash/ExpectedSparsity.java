package dev.shears.trainer.nash;

import ai.djl.ndarray.NDArray;
import dev.shears.trainer.optim.Scalars;

/**
 * Expected encoder sparsity in closed form (DESIGN §4 step 3, implementation notes §2):
 * {@code ŝ = 1 − [Σ P(z_h≠0)·4·d·d_kv + Σ P(z_f≠0)·m·d] / M_enc} with
 * {@code M_enc = L·(4·d·d_kv·H + m·d·d_ff)}; m = 3 for a gated FFN, else 2. Embeddings, layer norms and the
 * relative-attention bias are not counted (the paper's printed formula omits the factor d).
 *
 * @param layers encoder layers L
 * @param heads heads per layer H
 * @param dModel d
 * @param dKv d_kv
 * @param dFf d_ff
 * @param gatedFfn whether the FFN is gated (wi_0, wi_1, wo)
 */
public record ExpectedSparsity(int layers, int heads, int dModel, int dKv, int dFf, boolean gatedFfn) {
  public ExpectedSparsity {
    if (layers < 1 || heads < 1 || dModel < 1 || dKv < 1 || dFf < 1) {
      throw new IllegalArgumentException("encoder dimensions must be >= 1, were layers=" + layers + " heads="
          + heads + " dModel=" + dModel + " dKv=" + dKv + " dFf=" + dFf);
    }
  }

  /** Parameters one head owns: Q, K, V rows and O columns. */
  public long paramsPerHead() {
    return 4L * dModel * dKv;
  }

  /** Parameters one FFN dimension owns: m·d. */
  public long paramsPerFfnDim() {
    return (gatedFfn ? 3L : 2L) * dModel;
  }

  /** M_enc: the prunable encoder parameters. */
  public long prunableParams() {
    return layers * (paramsPerHead() * heads + paramsPerFfnDim() * dFf);
  }

  /**
   * ŝ as a differentiable scalar from P(z≠0) of the head gates [L, H] and FFN gates [L, d_ff]
   * ({@link HardConcreteGate#probNonZero}).
   */
  public NDArray expected(NDArray headProbNonZero, NDArray ffnProbNonZero) {
    requireShape("head gates", headProbNonZero, heads);
    requireShape("FFN gates", ffnProbNonZero, dFf);
    double total = prunableParams();
    // Scalars of the array's type (a 0-d float32 times a Java double would promote to float64), owning their
    // memory because autograd keeps them (see Scalars).
    NDArray kept = headProbNonZero.sum().mul(Scalars.of(headProbNonZero, paramsPerHead() / total))
        .add(ffnProbNonZero.sum().mul(Scalars.of(ffnProbNonZero, paramsPerFfnDim() / total)));
    return kept.neg().add(1f);
  }

  /** ŝ from Java arrays of P(z≠0), for reporting. */
  public double expected(double[][] headProbNonZero, double[][] ffnProbNonZero) {
    double heads = 0;
    for (double[] row : headProbNonZero) {
      for (double p : row) {
        heads += p;
      }
    }
    double ffn = 0;
    for (double[] row : ffnProbNonZero) {
      for (double p : row) {
        ffn += p;
      }
    }
    return 1 - (heads * paramsPerHead() + ffn * paramsPerFfnDim()) / prunableParams();
  }

  /** The sparsity of a physically pruned encoder with the given kept heads and FFN dimensions per layer. */
  public double measured(int[] keptHeads, int[] keptFfnDims) {
    if (keptHeads.length != layers || keptFfnDims.length != layers) {
      throw new IllegalArgumentException("expected " + layers + " layers of kept counts, got "
          + keptHeads.length + " head and " + keptFfnDims.length + " FFN entries");
    }
    long kept = 0;
    for (int l = 0; l < layers; l++) {
      kept += keptHeads[l] * paramsPerHead() + keptFfnDims[l] * paramsPerFfnDim();
    }
    return 1 - (double) kept / prunableParams();
  }

  private void requireShape(String what, NDArray array, int perLayer) {
    if (array.getShape().dimension() != 2 || array.getShape().get(0) != layers
        || array.getShape().get(1) != perLayer) {
      throw new IllegalArgumentException(what + " must be [" + layers + ", " + perLayer + "], was "
          + array.getShape());
    }
  }
}
