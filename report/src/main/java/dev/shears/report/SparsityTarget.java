package dev.shears.report;

import dev.shears.events.EvaluationCompleted;
import dev.shears.spec.MethodSpec;
import dev.shears.spec.PruningMethod;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/**
 * The sparsity a trial had to reach and the one rule every report, figure and page judges it by: an export whose
 * measured sparsity (of the part of the model the target names) lies more than {@link #TOLERANCE} from the target
 * missed it, and is labelled with what it reached, never with the target.
 *
 * @param target the target, in [0, 1)
 * @param scope  what it is a sparsity of: the encoder's prunable weights or the whole model's
 */
public record SparsityTarget(double target, PruningMethod.SparsityScope scope) {
  /** How far measured sparsity may fall from the target before the export is flagged. */
  public static final double TOLERANCE = 0.02;
  /** The evaluation's {@code extra} entry holding the whole-model sparsity measured on the weights. */
  public static final String MODEL_SPARSITY = "modelSparsity";

  /** The target of a method, or null when it has none an export can be measured against (uniform-only). */
  public static SparsityTarget of(MethodSpec method) {
    PruningMethod.SparsityScope scope = method.targetScope();
    return scope == null ? null : new SparsityTarget(method.targetSparsity(), scope);
  }

  /** The sparsity of the target's scope measured on the evaluated weights; NaN when the evaluation lacks it. */
  public double achieved(EvaluationCompleted e) {
    return scope == PruningMethod.SparsityScope.ENCODER ? e.encoderSparsity() : modelSparsity(e);
  }

  /** The whole model's sparsity the evaluation measured on the weights ({@link #MODEL_SPARSITY}); NaN without it. */
  public static double modelSparsity(EvaluationCompleted e) {
    Map<String, Double> extra = e.extra();
    Double model = extra == null ? null : extra.get(MODEL_SPARSITY);
    return model == null ? Double.NaN : model;
  }

  /** Whether {@code achieved} misses the target by more than {@link #TOLERANCE} (unknown, NaN, is not a miss). */
  public boolean missed(double achieved) {
    return Math.abs(achieved - target) > TOLERANCE;
  }

  /** "encoder" or "model". */
  public String scopeName() {
    return scope.name().toLowerCase(Locale.ROOT);
  }

  /**
   * The method's row label with the sparsity reached in place of the target and every other part kept:
   * "NASH-3 (encoder sparsity 0.033, target 0.1 missed, low layers)".
   */
  public String rowLabel(MethodSpec method, double achieved) {
    return method.description(String.format(Locale.ROOT, "%.3f, target %s missed", achieved, plain(target)));
  }

  /**
   * The method's short label with the sparsity reached in place of the target: "NASH-3@0.03 low (target 0.1 missed)".
   */
  public String shortLabel(MethodSpec method, double achieved) {
    return method.label(String.format(Locale.ROOT, "%.2f", achieved))
        + String.format(Locale.ROOT, " (target %s missed)", plain(target));
  }

  /**
   * The figure label of a method's evaluated export: its short label, or the sparsity reached when it missed.
   *
   * @param evaluation the export's evaluation, or null (then nothing is known to be missed)
   */
  public static String shortLabel(MethodSpec method, EvaluationCompleted evaluation) {
    SparsityTarget t = of(method);
    if (t == null || evaluation == null) {
      return method.label();
    }
    double achieved = t.achieved(evaluation);
    return t.missed(achieved) ? t.shortLabel(method, achieved) : method.label();
  }

  private static String plain(double v) {
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
