package dev.shears.trainer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * Overwrites an array's values in its own storage. DJL's {@code NDArray.set(float[])} on PyTorch re-points the
 * tensor at the temporary direct buffer it was given (no copy, no ownership), so once the garbage collector frees
 * that buffer the tensor reads freed memory; long-lived arrays (gates, multipliers, moments) must be written here.
 */
public final class InPlace {
  private InPlace() {}

  /** Copies {@code source} (same shape) into {@code target}'s storage. */
  public static void copy(NDArray source, NDArray target) {
    if (!source.getShape().equals(target.getShape())) {
      throw new IllegalArgumentException("cannot copy " + source.getShape() + " into " + target.getShape());
    }
    target.set(all(target), source);
  }

  /** Copies {@code values} (row-major, target's size) into {@code target}'s storage. */
  public static void copy(float[] values, NDArray target) {
    try (NDArray source = target.getManager().create(values, target.getShape())) {
      copy(source, target);
    }
  }

  private static NDIndex all(NDArray array) {
    int rank = array.getShape().dimension();
    return new NDIndex(rank == 0 ? "" : String.join(",", java.util.Collections.nCopies(rank, ":")));
  }
}
