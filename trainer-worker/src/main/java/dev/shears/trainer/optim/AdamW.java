package dev.shears.trainer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.List;

/**
 * AdamW (Loshchilov &amp; Hutter) over one parameter group, as {@code torch.optim.AdamW}: bias-corrected moments and
 * decoupled weight decay {@code p ← p·(1 − lr·wd) − lr·m̂/(√v̂ + ε)}. A negative learning rate turns it into gradient
 * ascent (the Lagrange multipliers). The moments and the step count are its whole state, exposed for checkpoints.
 *
 * <p>{@link #step} reads each parameter's gradient and then zeroes it, so the next backward pass starts clean.
 */
public final class AdamW implements AutoCloseable {
  private final String name;
  private final List<NDArray> parameters;
  private final Settings settings;
  private final List<NDArray> firstMoments = new ArrayList<>();
  private final List<NDArray> secondMoments = new ArrayList<>();
  private long steps;

  /**
   * Hyper-parameters of one group.
   *
   * @param beta1 first-moment decay
   * @param beta2 second-moment decay
   * @param epsilon added to √v̂
   * @param weightDecay decoupled weight decay
   */
  public record Settings(double beta1, double beta2, double epsilon, double weightDecay) {
    /** torch's defaults with weight decay 0 (what the NASH optimisers use). */
    public static final Settings DEFAULT = new Settings(0.9, 0.999, 1e-8, 0.0);

    public Settings {
      if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
        throw new IllegalArgumentException("AdamW betas must be in [0, 1), were " + beta1 + ", " + beta2);
      }
      if (!(epsilon > 0) || !(weightDecay >= 0)) {
        throw new IllegalArgumentException("AdamW needs epsilon > 0 and weight decay >= 0, were " + epsilon
            + ", " + weightDecay);
      }
    }
  }

  /** An optimiser for {@code parameters} (each must require gradients) with zero moments. */
  public AdamW(String name, NDManager manager, List<NDArray> parameters, Settings settings) {
    this.name = name;
    this.parameters = List.copyOf(parameters);
    this.settings = settings;
    for (NDArray p : this.parameters) {
      if (!p.hasGradient()) {
        throw new IllegalArgumentException("optimiser " + name + ": parameter " + p.getName()
            + " does not require gradients");
      }
      firstMoments.add(manager.zeros(p.getShape(), p.getDataType(), p.getDevice()));
      secondMoments.add(manager.zeros(p.getShape(), p.getDataType(), p.getDevice()));
    }
  }

  /** The group name (model, gates, lagrangian). */
  public String name() {
    return name;
  }

  /** The parameters this optimiser updates. */
  public List<NDArray> parameters() {
    return parameters;
  }

  /** Updates taken so far (the t of the bias correction). */
  public long steps() {
    return steps;
  }

  /** One update at learning rate {@code lr}, then zeroes the gradients. */
  public void step(double lr) {
    steps++;
    double bias1 = 1 - Math.pow(settings.beta1(), steps);
    double bias2 = 1 - Math.pow(settings.beta2(), steps);
    double stepSize = lr / bias1;
    double sqrtBias2 = Math.sqrt(bias2);
    for (int i = 0; i < parameters.size(); i++) {
      NDArray p = parameters.get(i);
      NDArray m = firstMoments.get(i);
      NDArray v = secondMoments.get(i);
      try (NDScope ignored = new NDScope()) {
        NDArray g = p.getGradient();
        m.muli(settings.beta1()).addi(g.mul(1 - settings.beta1()));
        v.muli(settings.beta2()).addi(g.square().muli(1 - settings.beta2()));
        if (settings.weightDecay() != 0) {
          p.muli(1 - lr * settings.weightDecay());
        }
        NDArray denominator = v.sqrt().divi(sqrtBias2).addi(settings.epsilon());
        p.subi(m.div(denominator).muli(stepSize));
        g.subi(g);
      }
    }
  }

  /** Zeroes every gradient without updating (a skipped step). */
  public void zeroGradients() {
    for (NDArray p : parameters) {
      try (NDArray g = p.getGradient()) {
        g.subi(g);
      }
    }
  }

  /** First moments, one per parameter, in parameter order (live arrays: copy before mutating). */
  public List<NDArray> firstMoments() {
    return List.copyOf(firstMoments);
  }

  /** Second moments, see {@link #firstMoments}. */
  public List<NDArray> secondMoments() {
    return List.copyOf(secondMoments);
  }

  /** Restores moments and step count saved by a checkpoint. */
  public void restore(long steps, List<float[]> first, List<float[]> second) {
    if (first.size() != parameters.size() || second.size() != parameters.size()) {
      throw new IllegalArgumentException("optimiser " + name + " has " + parameters.size()
          + " parameters, the checkpoint holds " + first.size() + " and " + second.size() + " moments");
    }
    for (int i = 0; i < parameters.size(); i++) {
      long expected = parameters.get(i).getShape().size();
      if (first.get(i).length != expected || second.get(i).length != expected) {
        throw new IllegalArgumentException("optimiser " + name + ": moment " + i + " of parameter "
            + parameters.get(i).getName() + " has the wrong size (expected " + expected + ")");
      }
      InPlace.copy(first.get(i), firstMoments.get(i));
      InPlace.copy(second.get(i), secondMoments.get(i));
    }
    this.steps = steps;
  }

  @Override
  public void close() {
    firstMoments.forEach(NDArray::close);
    secondMoments.forEach(NDArray::close);
  }
}
