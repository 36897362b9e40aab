package dev.shears.trainer.numerical;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.shears.model.Gates;
import dev.shears.model.PhysicalPruner;
import dev.shears.model.T5Config;
import dev.shears.model.T5Model;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Training-free structured pruning of a T5 after Numerical Pruning (Shen et al. 2025), adapted as in
 * {@code numerical-pruning-notes.md}: channel scores per output projection ({@link ChannelScores}), head score = mean
 * over its d_kv channels, one global cut by parameter cost over the projections in scope ({@link
 * ParameterBudgetCut}), then optionally the least-squares refit of each pruned projection's kept columns ({@link
 * LeastSquaresRefit}) and physical removal. Sublayers left with no unit are removed (the forward skips them).
 */
public final class NumericalPruner {
  /** Which sublayers the cut may touch; the target counts only their parameters. */
  public enum Scope {
    BOTH, ENCODER, DECODER;

    boolean covers(Projection.Kind kind) {
      return this == BOTH || (this == ENCODER) == kind.encoder();
    }

    /** Parses {@code both | encoder | decoder}. */
    public static Scope parse(String s) {
      return switch (s.toLowerCase(Locale.ROOT)) {
        case "both" -> BOTH;
        case "encoder" -> ENCODER;
        case "decoder" -> DECODER;
        default -> throw new IllegalArgumentException("scope: '" + s + "' is not both, encoder or decoder");
      };
    }
  }

  /**
   * @param sparsity the fraction of the in-scope prunable parameters to remove, in [0, 1)
   * @param scope the sublayers in the pool
   * @param compensate whether to refit the kept columns of every pruned projection
   * @param ridge γ of the refit relative to the mean diagonal of G_KK
   */
  public record Settings(double sparsity, Scope scope, boolean compensate, double ridge) {
    public Settings {
      if (!(sparsity >= 0 && sparsity < 1)) {
        throw new IllegalArgumentException("sparsity: must be in [0, 1), was " + sparsity);
      }
      if (!(ridge >= 0) || Double.isInfinite(ridge)) {
        throw new IllegalArgumentException("ridge: must be a finite number >= 0, was " + ridge);
      }
    }
  }

  /**
   * Which units survive.
   *
   * @param projections every prunable sublayer of the model
   * @param scores unit scores per projection weight (null for projections out of scope)
   * @param kept kept units per projection weight
   * @param removedCost parameters removed
   * @param scopeCost prunable parameters in scope
   */
  public record Plan(List<Projection> projections, Map<String, double[]> scores, Map<String, boolean[]> kept,
      long removedCost, long scopeCost) {
    /** The achieved fraction of the in-scope prunable parameters removed. */
    public double sparsity() {
      return scopeCost == 0 ? 0 : (double) removedCost / scopeCost;
    }

    /** The kept input channels of {@code p}, increasing. */
    public int[] keptChannels(Projection p) {
      boolean[] k = kept.get(p.weight());
      List<Integer> out = new ArrayList<>();
      for (int u = 0; u < p.units(); u++) {
        if (k[u]) {
          for (int c : p.channelsOf(u)) {
            out.add(c);
          }
        }
      }
      return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Kept units of {@code p}. */
    public int keptUnits(Projection p) {
      int n = 0;
      for (boolean b : kept.get(p.weight())) {
        n += b ? 1 : 0;
      }
      return n;
    }

    /** 0/1 gates over every group (1 = kept), {@code [layers, units]}, on {@code manager}. */
    public Gates gates(NDManager manager) {
      Map<Projection.Kind, List<Projection>> byKind = new EnumMap<>(Projection.Kind.class);
      for (Projection p : projections) {
        byKind.computeIfAbsent(p.kind(), k -> new ArrayList<>()).add(p);
      }
      Map<Projection.Kind, NDArray> arrays = new EnumMap<>(Projection.Kind.class);
      byKind.forEach((kind, list) -> {
        int width = list.get(0).units();
        float[] flat = new float[list.size() * width];
        for (int l = 0; l < list.size(); l++) {
          boolean[] k = kept.get(list.get(l).weight());
          for (int u = 0; u < width; u++) {
            flat[l * width + u] = k[u] ? 1f : 0f;
          }
        }
        arrays.put(kind, manager.create(flat, new Shape(list.size(), width)));
      });
      return Gates.builder()
          .optEncoderHeads(arrays.get(Projection.Kind.ENCODER_HEADS))
          .optEncoderFfn(arrays.get(Projection.Kind.ENCODER_FFN))
          .optDecoderSelfHeads(arrays.get(Projection.Kind.DECODER_SELF_HEADS))
          .optDecoderCrossHeads(arrays.get(Projection.Kind.DECODER_CROSS_HEADS))
          .optDecoderFfn(arrays.get(Projection.Kind.DECODER_FFN))
          .build();
    }
  }

  /** Reconstruction errors summed over the pruned projections, relative to their dense output energy. */
  public record Reconstruction(double sliced, double compensated) {}

  private final Settings settings;

  public NumericalPruner(Settings settings) {
    this.settings = settings;
  }

  /** Scores every unit in scope from the calibration Grams and cuts globally to the target. */
  public Plan plan(T5Model model, Map<String, double[][]> grams) {
    T5Config c = model.config();
    if (!model.layout().isFull(c)) {
      throw new IllegalArgumentException("numerical pruning needs an unpruned model; this one is already pruned");
    }
    List<Projection> projections = Projection.of(c);
    Map<String, double[]> scores = new LinkedHashMap<>();
    Map<String, boolean[]> kept = new LinkedHashMap<>();
    List<ParameterBudgetCut.Unit> units = new ArrayList<>();
    long scopeCost = 0;
    for (Projection p : projections) {
      boolean[] k = new boolean[p.units()];
      java.util.Arrays.fill(k, true);
      kept.put(p.weight(), k);
      if (!settings.scope().covers(p.kind())) {
        continue;
      }
      double[] z = ChannelScores.of(gram(grams, p), weight(model, p), settings.sparsity());
      double[] s = new double[p.units()];
      for (int u = 0; u < p.units(); u++) {
        s[u] = ChannelScores.unitScore(z, u * p.unitWidth(), p.unitWidth());
        units.add(new ParameterBudgetCut.Unit(p.weight(), u, s[u], p.unitCost()));
      }
      scores.put(p.weight(), s);
      scopeCost += p.unitCost() * p.units();
    }
    long removed = 0;
    for (ParameterBudgetCut.Unit u : ParameterBudgetCut.prune(units, settings.sparsity())) {
      kept.get(u.module())[u.index()] = false;
      removed += u.cost();
    }
    return new Plan(projections, scores, kept, removed, scopeCost);
  }

  /**
   * The refitted kept columns ({@code [out][|K|]}) of every projection that loses some but not all of its units, by
   * weight name; the sliced columns when {@code compensate} is off.
   */
  public Map<String, double[][]> keptColumns(T5Model model, Map<String, double[][]> grams, Plan plan) {
    Map<String, double[][]> out = new LinkedHashMap<>();
    for (Projection p : plan.projections()) {
      int[] keep = plan.keptChannels(p);
      if (keep.length == 0 || keep.length == p.channels()) {
        continue;
      }
      double[][] w = weight(model, p);
      out.put(p.weight(), settings.compensate()
          ? LeastSquaresRefit.refit(gram(grams, p), w, keep, settings.ridge())
          : LeastSquaresRefit.columns(w, keep));
    }
    return out;
  }

  /**
   * The model with the kept columns of every pruned projection replaced by {@code keptColumns} and every other weight
   * equal to {@code model}'s; still full-size, so its forward under {@link Plan#gates} is the masked forward of the
   * pruned model.
   */
  public static T5Model withKeptColumns(T5Model model, Plan plan, Map<String, double[][]> keptColumns) {
    Map<String, NDArray> params = model.parameters();
    try (NDManager staging = model.manager().getParentManager().newSubManager()) {
      Map<String, NDArray> tensors = new LinkedHashMap<>();
      for (Map.Entry<String, NDArray> e : params.entrySet()) {
        tensors.put(e.getKey(), e.getValue().duplicate());
      }
      for (NDArray a : tensors.values()) {
        a.attach(staging);
      }
      for (Projection p : plan.projections()) {
        double[][] cols = keptColumns.get(p.weight());
        if (cols == null) {
          continue;
        }
        int[] keep = plan.keptChannels(p);
        double[][] w = weight(model, p);
        for (int o = 0; o < w.length; o++) {
          for (int a = 0; a < keep.length; a++) {
            w[o][keep[a]] = cols[o][a];
          }
        }
        tensors.put(p.weight(), staging.create(flatten(w), params.get(p.weight()).getShape()));
      }
      return T5Model.of(model.config(), model.layout(), tensors, model.manager().getParentManager());
    }
  }

  /** The pruned model (new; {@code model} is unchanged): kept columns replaced, pruned units removed. */
  public static T5Model prune(T5Model model, Plan plan, Map<String, double[][]> keptColumns) {
    try (T5Model full = withKeptColumns(model, plan, keptColumns);
        NDManager scope = model.manager().newSubManager()) {
      return PhysicalPruner.prune(full, plan.gates(scope));
    }
  }

  /**
   * The relative reconstruction error ‖X·W − X_K·W'_K‖² / ‖X·W‖² over the pruned projections on the calibration
   * tokens, with W'_K the sliced columns and with {@code keptColumns}.
   */
  public static Reconstruction reconstruction(T5Model model, Map<String, double[][]> grams, Plan plan,
      Map<String, double[][]> keptColumns) {
    double energy = 0;
    double sliced = 0;
    double refit = 0;
    for (Projection p : plan.projections()) {
      int[] keep = plan.keptChannels(p);
      if (keep.length == p.channels()) {
        continue;
      }
      double[][] g = gram(grams, p);
      double[][] w = weight(model, p);
      energy += LeastSquaresRefit.energy(g, w);
      double s = LeastSquaresRefit.error(g, w, keep, LeastSquaresRefit.columns(w, keep));
      sliced += s;
      double[][] cols = keptColumns.get(p.weight());
      refit += cols == null ? s : LeastSquaresRefit.error(g, w, keep, cols);
    }
    return energy == 0 ? new Reconstruction(0, 0) : new Reconstruction(sliced / energy, refit / energy);
  }

  private static double[][] gram(Map<String, double[][]> grams, Projection p) {
    double[][] g = grams.get(p.weight());
    if (g == null || g.length != p.channels()) {
      throw new IllegalArgumentException("no calibration statistics of width " + p.channels() + " for " + p.weight());
    }
    return g;
  }

  /** The projection's weight, {@code [out][in]}, in double. */
  static double[][] weight(T5Model model, Projection p) {
    NDArray a = model.parameters().get(p.weight());
    int rows = (int) a.getShape().get(0);
    int cols = (int) a.getShape().get(1);
    float[] flat = a.toFloatArray();
    double[][] out = new double[rows][cols];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < cols; j++) {
        out[r][j] = flat[r * cols + j];
      }
    }
    return out;
  }

  private static float[] flatten(double[][] m) {
    int cols = m[0].length;
    float[] out = new float[m.length * cols];
    for (int r = 0; r < m.length; r++) {
      for (int j = 0; j < cols; j++) {
        out[r * cols + j] = (float) m[r][j];
      }
    }
    return out;
  }
}
