package dev.shears.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.spec.ExperimentSpec;
import dev.shears.spec.InvalidSpecException;
import dev.shears.spec.MethodSpec;
import dev.shears.spec.PruningMethod;
import dev.shears.spec.PruningMethods;
import java.util.Locale;

/**
 * Report-row labels and seed arms from a trial's resolved spec. Labels are the method registry's ({@link
 * MethodSpec#description()}, e.g. "NASH-3 (encoder sparsity 0.3)"); the sparsity a measured encoder sparsity is
 * checked against is the method's target when the registry says it is an encoder sparsity.
 */
public final class TrialLabels {

  /**
   * What the report needs from one trial's spec.
   *
   * @param arm           the arm's label (without the seed)
   * @param armKey        equal for trials that differ in their seed only
   * @param seed          the training seed, or null
   * @param encoderTarget the encoder-sparsity target, or null when the method's target is not an encoder sparsity
   */
  public record Labels(String arm, String armKey, String seed, Double encoderTarget) {}

  private TrialLabels() {}

  /** The labels of a resolved trial spec; a spec the registry cannot read is labelled by its method's name. */
  public static Labels of(JsonNode spec) {
    String key = armKey(spec);
    try {
      ExperimentSpec typed = ExperimentSpec.parse(spec);
      MethodSpec method = typed.method();
      Double target = method.method().sparsityScope() == PruningMethod.SparsityScope.ENCODER
          ? method.targetSparsity() : null;
      return new Labels(method.description(), key, Long.toString(typed.training().seed()), target);
    } catch (InvalidSpecException | IllegalArgumentException e) {
      String name = spec.path("method").asText("?");
      String title = PruningMethods.find(name).map(PruningMethod::title).orElse(name);
      JsonNode seed = spec.path("training").path("seed");
      return new Labels(title, key, seed.isValueNode() ? seed.asText() : null, null);
    }
  }

  /** The arm label with the measured sparsity in place of the target it missed: never labelled with the target. */
  public static String missedTarget(String armLabel, double measured, double target) {
    int open = armLabel.indexOf(" (");
    String method = open < 0 ? armLabel : armLabel.substring(0, open);
    return method + String.format(Locale.ROOT, " (encoder sparsity %.3f, target %s missed)", measured,
        java.math.BigDecimal.valueOf(target).stripTrailingZeros().toPlainString());
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
