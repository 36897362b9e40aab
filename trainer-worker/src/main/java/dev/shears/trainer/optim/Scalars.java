package dev.shears.trainer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Scalar operands for operations on the gradient path. DJL's {@code mul(Number)}, {@code div(Number)} and the like
 * wrap the number in a tensor over a Java direct buffer and close it at once, while autograd keeps that tensor for
 * the backward pass; a garbage collection between forward and backward frees the buffer and the gradients read freed
 * memory. A scalar from here owns torch memory (a clone), so autograd's reference keeps it valid.
 */
public final class Scalars {
  private Scalars() {}

  /** {@code value} as a 0-d array of {@code like}'s type, device and manager, in torch-owned memory. */
  public static NDArray of(NDArray like, double value) {
    DataType type = like.getDataType();
    try (NDArray blob = type == DataType.FLOAT64
        ? like.getManager().create(value)
        : like.getManager().create((float) value).toType(type, false)) {
      return blob.duplicate();
    }
  }
}
