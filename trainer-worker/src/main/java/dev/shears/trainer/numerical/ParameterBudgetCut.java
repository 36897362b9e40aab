package dev.shears.trainer.numerical;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The global cut of Numerical Pruning (paper Eq. 8) by parameter cost: units (attention heads and FFN dimensions of
 * every projection in scope) are taken in ascending score and removed while the removed parameters stay within
 * {@code target} of the total; a unit that would overshoot is skipped and cheaper ones after it may still fill the
 * budget. The paper's α = 4·D_h/3 is read as a head's cost relative to an FFN dimension's (FLAP's weighted count), so
 * a head costs 4·d·d_kv and an FFN dimension m·d (m = 2 ReLU, 3 gated).
 */
public final class ParameterBudgetCut {
  /**
   * One prunable unit.
   *
   * @param module which projection it belongs to
   * @param index its index within the projection (head or FFN dimension)
   * @param score its importance; lower goes first, −∞ for dead units
   * @param cost the parameters removing it saves
   */
  public record Unit(String module, int index, double score, long cost) {
    public Unit {
      if (cost <= 0) {
        throw new IllegalArgumentException("unit " + module + "[" + index + "]: cost must be positive, was " + cost);
      }
      if (Double.isNaN(score)) {
        throw new IllegalArgumentException("unit " + module + "[" + index + "]: score is NaN");
      }
    }
  }

  private ParameterBudgetCut() {}

  /** The units to remove so that at most {@code target} (in [0, 1)) of their total cost goes. Ties keep input order. */
  public static List<Unit> prune(List<Unit> units, double target) {
    if (!(target >= 0 && target < 1)) {
      throw new IllegalArgumentException("target sparsity must be in [0, 1), was " + target);
    }
    long total = units.stream().mapToLong(Unit::cost).sum();
    double budget = target * total * (1 + 1e-12); // a target that is an exact sum of costs is reached
    List<Unit> order = new ArrayList<>(units);
    order.sort(Comparator.comparingDouble(Unit::score)); // stable: ties in input order
    List<Unit> removed = new ArrayList<>();
    long spent = 0;
    for (Unit u : order) {
      if (spent + u.cost() <= budget) {
        removed.add(u);
        spent += u.cost();
      }
    }
    return removed;
  }
}
