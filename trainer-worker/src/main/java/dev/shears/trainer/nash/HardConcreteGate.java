package dev.shears.trainer.nash;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.shears.trainer.optim.InPlace;
import dev.shears.trainer.optim.Scalars;
import java.util.Arrays;
import java.util.Comparator;

/**
 * A [layers, n] block of hard-concrete gates (Louizos et al. 2018; NASH §4.2, implementation notes §1) with a
 * learnable log α per gate.
 *
 * <p>Training: {@link #sample} draws one u per gate per step (shared by the batch) and returns
 * {@code z = clamp(σ((ln u − ln(1−u) + log α)/β)·(r−l)+l, 0, 1)}, differentiable in log α. Constraint:
 * {@link #probNonZero} is the closed-form {@code P(z≠0) = σ(log α − β·ln(−l/r))}. Inference: {@link #deterministic}
 * zeroes, per layer, the {@code round(n − Σ P(z≠0))} gates with the smallest log α and gives the others
 * {@code σ(0.8·log α/β)}.
 */
public final class HardConcreteGate implements AutoCloseable {
  /** Temperature β. */
  public static final double BETA = 2.0 / 3.0;
  /** Lower stretch limit l. */
  public static final double LIMIT_LOW = -0.1;
  /** Upper stretch limit r. */
  public static final double LIMIT_HIGH = 1.1;
  /** u is drawn from [ε, 1−ε]. */
  public static final double EPSILON = 1e-6;
  /** −β·ln(−l/r) = 1.598597…: the shift that turns log α into the logit of P(z≠0). */
  public static final double NON_ZERO_SHIFT = -BETA * Math.log(-LIMIT_LOW / LIMIT_HIGH);
  /** log α is clamped to [ln 0.01, ln 100] after every optimiser step. */
  public static final double LOG_ALPHA_MIN = Math.log(0.01);
  /** See {@link #LOG_ALPHA_MIN}. */
  public static final double LOG_ALPHA_MAX = Math.log(100);
  /** The "magical number" of the deterministic mask: kept gates take σ(0.8·log α/β). */
  private static final double DETERMINISTIC_SCALE = 0.8 / BETA;

  private final String name;
  private final NDArray logAlpha;

  private HardConcreteGate(String name, NDArray logAlpha) {
    this.name = name;
    this.logAlpha = logAlpha;
    this.logAlpha.setName(name);
    this.logAlpha.setRequiresGradient(true);
  }

  /**
   * New gates with log α ~ N(mean, sd²): DESIGN §4 uses mean 10 for heads and 0 (drop rate 0.5) for FFN
   * dimensions, sd 0.01.
   */
  public static HardConcreteGate init(
      String name, NDManager manager, int layers, int n, double mean, double sd, SeededRandom random) {
    if (layers < 1 || n < 1) {
      throw new IllegalArgumentException("gate " + name + " needs layers >= 1 and n >= 1, was " + layers + "x" + n);
    }
    float[] values = new float[layers * n];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (mean + sd * random.nextGaussian());
    }
    return new HardConcreteGate(name, manager.create(values, new Shape(layers, n)));
  }

  /** Gates with the given log α values, [layers, n] (for restoring a checkpoint). */
  public static HardConcreteGate of(String name, NDManager manager, float[][] logAlpha) {
    int layers = logAlpha.length;
    int n = logAlpha[0].length;
    float[] flat = new float[layers * n];
    for (int l = 0; l < layers; l++) {
      if (logAlpha[l].length != n) {
        throw new IllegalArgumentException("gate " + name + ": layer " + l + " has " + logAlpha[l].length
            + " gates, layer 0 has " + n);
      }
      System.arraycopy(logAlpha[l], 0, flat, l * n, n);
    }
    return new HardConcreteGate(name, manager.create(flat, new Shape(layers, n)));
  }

  /** Wraps an existing [layers, n] array as the learnable log α. */
  public static HardConcreteGate wrap(String name, NDArray logAlpha) {
    if (logAlpha.getShape().dimension() != 2) {
      throw new IllegalArgumentException("gate " + name + ": log alpha must be [layers, n], was "
          + logAlpha.getShape());
    }
    return new HardConcreteGate(name, logAlpha.toType(DataType.FLOAT32, false));
  }

  /** The gate name (e.g. {@code encoder.heads}). */
  public String name() {
    return name;
  }

  /** The learnable log α, [layers, n]. */
  public NDArray logAlpha() {
    return logAlpha;
  }

  /** Number of layers. */
  public int layers() {
    return (int) logAlpha.getShape().get(0);
  }

  /** Gates per layer. */
  public int size() {
    return (int) logAlpha.getShape().get(1);
  }

  /** One training sample z ∈ [0, 1]^{[layers, n]}, differentiable in log α; draws layers·n numbers. */
  public NDArray sample(SeededRandom random) {
    int count = layers() * size();
    float[] noise = new float[count];
    for (int i = 0; i < count; i++) {
      double u = EPSILON + (1 - 2 * EPSILON) * random.nextDouble();
      noise[i] = (float) (Math.log(u) - Math.log(1 - u));
    }
    NDManager manager = logAlpha.getManager();
    NDArray logistic = manager.create(noise, logAlpha.getShape());
    // Number operands on the gradient path must own their memory (see Scalars).
    NDArray s = Activation.sigmoid(logistic.add(logAlpha).mul(Scalars.of(logAlpha, 1 / BETA)));
    return s.mul(Scalars.of(logAlpha, LIMIT_HIGH - LIMIT_LOW)).add((float) LIMIT_LOW).clip(0, 1);
  }

  /** P(z≠0) per gate, [layers, n], differentiable, clamped to [ε, 1−ε] (implementation notes §1). */
  public NDArray probNonZero() {
    return Activation.sigmoid(logAlpha.add((float) NON_ZERO_SHIFT)).clip(EPSILON, 1 - EPSILON);
  }

  /** Clamps log α in place to [{@link #LOG_ALPHA_MIN}, {@link #LOG_ALPHA_MAX}]. */
  public void clampLogAlpha() {
    try (NDArray clipped = logAlpha.clip(LOG_ALPHA_MIN, LOG_ALPHA_MAX)) {
      InPlace.copy(clipped, logAlpha);
    }
  }

  /** log α as a Java array, [layers][n]. */
  public float[][] logAlphaValues() {
    float[] flat = logAlpha.toFloatArray();
    int n = size();
    float[][] out = new float[layers()][];
    for (int l = 0; l < out.length; l++) {
      out[l] = Arrays.copyOfRange(flat, l * n, (l + 1) * n);
    }
    return out;
  }

  /** P(z≠0) as a Java array, [layers][n]. */
  public double[][] probNonZeroValues() {
    float[][] la = logAlphaValues();
    double[][] out = new double[la.length][];
    for (int l = 0; l < la.length; l++) {
      out[l] = new double[la[l].length];
      for (int j = 0; j < la[l].length; j++) {
        out[l][j] = probNonZero(la[l][j]);
      }
    }
    return out;
  }

  /** P(z≠0) for one log α. */
  public static double probNonZero(double logAlpha) {
    double p = 1 / (1 + Math.exp(-(logAlpha + NON_ZERO_SHIFT)));
    return Math.min(1 - EPSILON, Math.max(EPSILON, p));
  }

  /**
   * The inference-time gate values, [layers][n] (implementation notes §4): per layer, the
   * {@code round(n − Σ P(z≠0))} gates with the smallest log α (half to even, ties by index) are 0; the others keep
   * the fractional {@code σ(0.8·log α/β)}.
   */
  public float[][] deterministic() {
    return deterministic(logAlphaValues(), 0);
  }

  /**
   * The deterministic values of {@link #deterministic()} for the gates {@code log α + shift}: a shift moves every
   * P(z≠0) of the block the same way in log-odds, so it changes how many gates each layer zeroes while keeping which
   * ones go first ({@link MaskCalibration} chooses it). Pure.
   */
  public static float[][] deterministic(float[][] logAlpha, double shift) {
    float[][] out = new float[logAlpha.length][];
    for (int l = 0; l < logAlpha.length; l++) {
      float[] row = logAlpha[l];
      int n = row.length;
      double expectedKept = 0;
      for (float a : row) {
        expectedKept += probNonZero(a + shift);
      }
      int zeros = (int) Math.rint(n - expectedKept);
      Integer[] order = new Integer[n];
      for (int j = 0; j < n; j++) {
        order[j] = j;
      }
      Arrays.sort(order, Comparator.<Integer>comparingDouble(j -> row[j]).thenComparingInt(j -> j));
      out[l] = new float[n];
      for (int j = 0; j < n; j++) {
        out[l][j] = (float) (1 / (1 + Math.exp(-DETERMINISTIC_SCALE * (row[j] + shift))));
      }
      for (int k = 0; k < zeros; k++) {
        out[l][order[k]] = 0f;
      }
    }
    return out;
  }

  @Override
  public void close() {
    logAlpha.close();
  }
}
