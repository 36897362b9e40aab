package dev.shears.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * Row labels and seed arms of report rows, from a trial's resolved spec, in the paper's style ("NASH-3 (encoder
 * 0.3)", "CoFi-T5 (model 0.7)"), and the sparsity target each method's measured encoder sparsity is checked
 * against.
 */
public final class TrialLabels {

  private TrialLabels() {}

  /** The arm's label: the method and its defining parameters, without the seed. */
  public static String armLabel(JsonNode spec) {
    String method = spec.path("method").asText("?");
    JsonNode nash = spec.path("nash");
    int layers = nash.path("decoderLayers").asInt(0);
    String selection = nash.path("selection").asText("uniform");
    String depth = selection.equals("uniform") || selection.isEmpty() ? "-" + layers : "-" + layers + " " + selection;
    return switch (method) {
      case "nash" -> "NASH" + depth + " (encoder " + number(nash.path("encoderSparsity")) + ")";
      case "cofi" -> "CoFi-T5 (model " + number(nash.path("encoderSparsity")) + ")";
      case "uniform-only" -> "uniform-only" + depth;
      case "distill-small" -> "distill-small-" + layers;
      case "numerical" -> {
        JsonNode n = spec.path("numerical");
        String d = n.has("decoderLayers") ? "-" + n.path("decoderLayers").asText() : "";
        yield "numerical" + d + " (" + number(n.path("sparsity")) + ")";
      }
      default -> method;
    };
  }

  /**
   * The encoder-sparsity target the evaluation's measured encoder sparsity must reach, or null when the method's
   * target is not an encoder sparsity (CoFi's and numerical's are of the whole model's prunable weights).
   */
  public static Double encoderTarget(JsonNode spec) {
    return switch (spec.path("method").asText("")) {
      case "nash" -> spec.path("nash").path("encoderSparsity").isNumber()
          ? spec.path("nash").path("encoderSparsity").asDouble() : null;
      case "uniform-only" -> 0.0;
      default -> null;
    };
  }

  /** The training seed, or null. */
  public static String seed(JsonNode spec) {
    JsonNode seed = spec.path("training").path("seed");
    return seed.isValueNode() ? seed.asText() : null;
  }

  /** A key equal for trials that differ in their seed only. */
  public static String armKey(JsonNode spec) {
    if (!spec.isObject()) {
      return String.valueOf(spec);
    }
    ObjectNode copy = spec.deepCopy();
    if (copy.path("training").isObject()) {
      ((ObjectNode) copy.get("training")).remove("seed");
    }
    return copy.toString();
  }

  /** The arm label with the measured sparsity in place of a target it missed. */
  public static String missedTargetLabel(JsonNode spec, double measured, double target) {
    String arm = armLabel(spec);
    String missed = String.format(Locale.ROOT, "encoder %.3f, target %s missed", measured, plain(target));
    int open = arm.indexOf(" (");
    return (open < 0 ? arm : arm.substring(0, open)) + " (" + missed + ")";
  }

  private static String number(JsonNode n) {
    return n.isNumber() ? plain(n.asDouble()) : n.asText("?");
  }

  private static String plain(double v) {
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
