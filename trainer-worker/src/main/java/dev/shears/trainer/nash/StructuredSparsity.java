package dev.shears.trainer.nash;

import ai.djl.ndarray.NDArray;
import dev.shears.trainer.optim.Scalars;
import java.util.List;

/**
 * Expected sparsity over groups of structure that may carry both fine gates (heads, FFN dimensions) and one coarse
 * gate per layer on the whole sublayer (CoFi's layer gates; NASH's {@code l0} decoder selection, implementation
 * notes §6). A unit of a group survives only when its own gate and its sublayer gate are both non-zero, and the two
 * are independent, so {@code E[kept] = Σ_l P(z_l≠0)·Σ_j P(z_lj≠0)·p} with p the parameters of one unit, and
 * {@code ŝ = 1 − Σ_groups E[kept] / Σ_groups L·n·p}. With no sublayer gate P(z_l≠0) = 1; with no fine gates
 * Σ_j P(z_lj≠0) = n. For encoder heads and FFN dimensions alone this is {@link ExpectedSparsity}.
 *
 * @param groups the counted structure
 */
public record StructuredSparsity(List<Group> groups) {
  /**
   * One kind of prunable structure.
   *
   * @param name what it is, for error messages (e.g. {@code decoder.crossHeads})
   * @param layers layers L
   * @param units units per layer n (heads, FFN dimensions)
   * @param paramsPerUnit parameters one unit owns p
   */
  public record Group(String name, int layers, int units, long paramsPerUnit) {
    public Group {
      if (layers < 1 || units < 1 || paramsPerUnit < 1) {
        throw new IllegalArgumentException("sparsity group " + name + " needs layers, units and params >= 1, was "
            + layers + ", " + units + ", " + paramsPerUnit);
      }
    }

    /** L·n·p. */
    public long params() {
      return (long) layers * units * paramsPerUnit;
    }
  }

  /**
   * The P(z≠0) of one group's gates.
   *
   * @param fine {@code [L, n]}, or null when the units are not gated one by one
   * @param sublayer {@code [1, L]} (or {@code [L]}), or null when the sublayer is not gated as a whole
   */
  public record Probabilities(NDArray fine, NDArray sublayer) {}

  public StructuredSparsity {
    if (groups.isEmpty()) {
      throw new IllegalArgumentException("sparsity needs at least one group");
    }
    groups = List.copyOf(groups);
  }

  /** The prunable parameters M: the sum of every group's L·n·p. */
  public long prunableParams() {
    long m = 0;
    for (Group g : groups) {
      m += g.params();
    }
    return m;
  }

  /** ŝ as a differentiable scalar; {@code probabilities} has one entry per group, in order. */
  public NDArray expected(List<Probabilities> probabilities) {
    if (probabilities.size() != groups.size()) {
      throw new IllegalArgumentException("expected gate probabilities for " + groups.size() + " groups, got "
          + probabilities.size());
    }
    double total = prunableParams();
    NDArray kept = null;
    for (int i = 0; i < groups.size(); i++) {
      Group g = groups.get(i);
      Probabilities p = probabilities.get(i);
      NDArray perLayer = perLayerKeptUnits(g, p);
      if (perLayer == null) {
        throw new IllegalArgumentException("group " + g.name() + ": give fine or sublayer gates, or neither, "
            + "as an array");
      }
      // Scalars owning their memory because autograd keeps them (see Scalars).
      NDArray term = perLayer.sum().mul(Scalars.of(perLayer, g.paramsPerUnit() / total));
      kept = kept == null ? term : kept.add(term);
    }
    return kept.neg().add(1f);
  }

  private static NDArray perLayerKeptUnits(Group g, Probabilities p) {
    NDArray units = null;
    if (p.fine() != null) {
      var s = p.fine().getShape();
      if (s.dimension() != 2 || s.get(0) != g.layers() || s.get(1) != g.units()) {
        throw new IllegalArgumentException(g.name() + " gates must be [" + g.layers() + ", " + g.units()
            + "], was " + s);
      }
      units = p.fine().sum(new int[] {1});
    }
    if (p.sublayer() == null) {
      return units;
    }
    if (p.sublayer().size() != g.layers()) {
      throw new IllegalArgumentException(g.name() + " sublayer gates must have " + g.layers() + " entries, was "
          + p.sublayer().getShape());
    }
    NDArray layer = p.sublayer().reshape(g.layers());
    return units == null ? layer.mul(Scalars.of(layer, g.units())) : units.mul(layer);
  }

  /**
   * ŝ from Java arrays: {@code fine[i]} is group i's {@code [L][n]} P(z≠0) or null, {@code sublayer[i]} its
   * {@code [L]} P(z≠0) or null.
   */
  public double expected(double[][][] fine, double[][] sublayer) {
    double kept = 0;
    for (int i = 0; i < groups.size(); i++) {
      Group g = groups.get(i);
      for (int l = 0; l < g.layers(); l++) {
        double units = g.units();
        if (fine[i] != null) {
          units = 0;
          for (double p : fine[i][l]) {
            units += p;
          }
        }
        double layer = sublayer[i] == null ? 1 : sublayer[i][l];
        kept += layer * units * g.paramsPerUnit();
      }
    }
    return 1 - kept / prunableParams();
  }
}
