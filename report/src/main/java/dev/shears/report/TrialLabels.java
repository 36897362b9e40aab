package dev.shears.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.spec.ExperimentSpec;
import dev.shears.spec.InvalidSpecException;
import dev.shears.spec.MethodSpec;
import dev.shears.spec.PruningMethod;
import dev.shears.spec.PruningMethods;

/**
 * Report-row labels and seed arms from a trial's resolved spec. Labels are the method registry's ({@link
 * MethodSpec#description()}, e.g. "NASH-3 (encoder sparsity 0.3)"); the target an export is checked against is the
 * method's ({@link SparsityTarget}).
 */
public final class TrialLabels {

  /**
   * What the report needs from one trial's spec.
   *
   * @param arm           the arm's label (without the seed)
   * @param armKey        equal for trials that differ in their seed only
   * @param seed          the training seed, or null
   * @param method        the method the arm ran, or null when the spec cannot be read
   * @param target        the sparsity target an export is measured against, or null when there is none
   * @param control       whether the method is a control that trains the unpruned teacher like a student
   */
  public record Labels(String arm, String armKey, String seed, MethodSpec method, SparsityTarget target,
      boolean control) {

    /**
     * The row label of an export of this arm that reached {@code achieved} where its target asked for more (or
     * less): the arm's label, everything but the target's value kept.
     */
    public String missedTarget(double achieved) {
      return target.rowLabel(method, achieved);
    }
  }

  private TrialLabels() {}

  /** The labels of a resolved trial spec; a spec the registry cannot read is labelled by its method's name. */
  public static Labels of(JsonNode spec) {
    String key = armKey(spec);
    try {
      ExperimentSpec typed = ExperimentSpec.parse(spec);
      MethodSpec method = typed.method();
      SparsityTarget target = SparsityTarget.of(method);
      return new Labels(method.description(), key, Long.toString(typed.training().seed()), method, target,
          method instanceof MethodSpec.UnprunedStudent);
    } catch (InvalidSpecException | IllegalArgumentException e) {
      String name = spec.path("method").asText("?");
      String title = PruningMethods.find(name).map(PruningMethod::title).orElse(name);
      JsonNode seed = spec.path("training").path("seed");
      return new Labels(title, key, seed.isValueNode() ? seed.asText() : null, null, null, false);
    }
  }

  private static String armKey(JsonNode spec) {
    if (!spec.isObject()) {
      return String.valueOf(spec);
    }
    ObjectNode copy = spec.deepCopy();
    // A resolved trial spec names its trial; those fields differ between seeds of one arm too.
    copy.remove("trialId");
    copy.remove("trialIndex");
    if (copy.path("training").isObject()) {
      ((ObjectNode) copy.get("training")).remove("seed");
    }
    return copy.toString();
  }
}
