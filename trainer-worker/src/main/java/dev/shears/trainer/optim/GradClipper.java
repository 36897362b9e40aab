package dev.shears.trainer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import java.util.List;

/**
 * Global-norm gradient clipping as {@code torch.nn.utils.clip_grad_norm_}: when the L2 norm over all gradients
 * exceeds {@code maxNorm}, every gradient is scaled by {@code maxNorm / (norm + 1e-6)}.
 */
public final class GradClipper {
  private final double maxNorm;

  /** Clips to {@code maxNorm} (> 0). */
  public GradClipper(double maxNorm) {
    if (!(maxNorm > 0)) {
      throw new IllegalArgumentException("max gradient norm must be > 0, was " + maxNorm);
    }
    this.maxNorm = maxNorm;
  }

  /** Clips the gradients of {@code parameters} in place; returns the norm before clipping. */
  public double clip(List<NDArray> parameters) {
    if (parameters.isEmpty()) {
      return 0;
    }
    try (NDScope ignored = new NDScope()) {
      NDList squares = new NDList(parameters.size());
      NDArray[] gradients = new NDArray[parameters.size()];
      for (int i = 0; i < gradients.length; i++) {
        gradients[i] = parameters.get(i).getGradient();
        squares.add(gradients[i].square().sum());
      }
      double norm = Math.sqrt(NDArrays.stack(squares).sum().toType(ai.djl.ndarray.types.DataType.FLOAT64, false)
          .getDouble());
      double coefficient = maxNorm / (norm + 1e-6);
      if (coefficient < 1) {
        for (NDArray g : gradients) {
          g.muli(coefficient);
        }
      }
      return norm;
    }
  }
}
