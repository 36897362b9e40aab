package dev.shears.trainer.nash;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * The sparsity constraint as a Lagrangian term (NASH §4.2, CoFi): {@code R = λ1(ŝ−t) + λ2(ŝ−t)²}. The λs start at 0
 * and are learned by gradient ascent (an AdamW at −regLr, see {@code AdamW}); the target rises linearly from 0 to
 * {@code target} over {@code warmupSteps} steps, then stays (implementation notes §3).
 */
public final class LagrangianController implements AutoCloseable {
  private final double target;
  private final long warmupSteps;
  private final NDArray lambda1;
  private final NDArray lambda2;

  /** λ1 = λ2 = 0. */
  public LagrangianController(NDManager manager, double target, long warmupSteps) {
    this(manager, target, warmupSteps, 0, 0);
  }

  /** Restores λ1 and λ2 (from a checkpoint). */
  public LagrangianController(NDManager manager, double target, long warmupSteps, double lambda1, double lambda2) {
    if (!(target >= 0 && target < 1)) {
      throw new IllegalArgumentException("target sparsity must be in [0, 1), was " + target);
    }
    if (warmupSteps < 0) {
      throw new IllegalArgumentException("sparsity warm-up steps must be >= 0, was " + warmupSteps);
    }
    this.target = target;
    this.warmupSteps = warmupSteps;
    this.lambda1 = manager.create(new float[] {(float) lambda1}, new Shape(1));
    this.lambda2 = manager.create(new float[] {(float) lambda2}, new Shape(1));
    this.lambda1.setName("lambda1");
    this.lambda2.setName("lambda2");
    this.lambda1.setRequiresGradient(true);
    this.lambda2.setRequiresGradient(true);
  }

  /** The final target sparsity. */
  public double finalTarget() {
    return target;
  }

  /** t(k) = target·min(1, k/W); W = 0 means the full target from step 0. */
  public double target(long step) {
    return target(target, step);
  }

  /** R at {@code step} for the differentiable expected sparsity ŝ (a scalar array). */
  public NDArray regularizer(NDArray expectedSparsity, long step) {
    return regularizer(expectedSparsity, target, step);
  }

  /**
   * R for a second constrained quantity with its own final target, warmed up over the same steps and weighed by
   * the same λ1, λ2 (the decoder term of NASH's {@code l0} selection, implementation notes §6).
   */
  public NDArray regularizer(NDArray expectedSparsity, double finalTarget, long step) {
    NDArray gap = expectedSparsity.sub((float) target(finalTarget, step));
    return lambda1.mul(gap).add(lambda2.mul(gap.square())).sum();
  }

  /** t(k) for {@code finalTarget}: finalTarget·min(1, k/W). */
  public double target(double finalTarget, long step) {
    if (warmupSteps == 0) {
      return finalTarget;
    }
    return finalTarget * Math.min(1.0, (double) step / warmupSteps);
  }

  /** The learnable multipliers, for the ascent optimiser. */
  public List<NDArray> parameters() {
    return List.of(lambda1, lambda2);
  }

  /** Current λ1. */
  public double lambda1() {
    return lambda1.getFloat(0);
  }

  /** Current λ2. */
  public double lambda2() {
    return lambda2.getFloat(0);
  }

  @Override
  public void close() {
    lambda1.close();
    lambda2.close();
  }
}
