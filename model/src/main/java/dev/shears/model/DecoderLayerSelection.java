package dev.shears.model;

import java.util.Arrays;
import java.util.Locale;

/**
 * Which decoder layers a NASH student keeps (paper §4.1, DESIGN §4). All results are 0-based,
 * strictly increasing original layer indices.
 */
public final class DecoderLayerSelection {
  private DecoderLayerSelection() {}

  /**
   * The released code's uniform rule ⌊(L−1)·k/(d_s−1)⌋, k = 0…d_s−1, in integer arithmetic: keeps
   * the first and last layer (L=12: d_s=3 → {0,5,11}, d_s=4 → {0,3,7,11}). d_s = 1 keeps layer 0.
   */
  public static int[] uniform(int layers, int keep) {
    check(layers, keep);
    if (keep == 1) {
      return new int[] {0};
    }
    int[] out = new int[keep];
    for (int k = 0; k < keep; k++) {
      out[k] = (int) ((long) (layers - 1) * k / (keep - 1));
    }
    return out;
  }

  /** The paper's printed formula ⌊(L−1)/(d_s−1)⌋·k (L=12, d_s=3 → {0,5,10}); d_s = 1 keeps layer 0. */
  public static int[] uniformPaper(int layers, int keep) {
    check(layers, keep);
    if (keep == 1) {
      return new int[] {0};
    }
    int stride = (layers - 1) / (keep - 1);
    int[] out = new int[keep];
    for (int k = 0; k < keep; k++) {
      out[k] = stride * k;
    }
    return out;
  }

  /** The first d_s layers. */
  public static int[] low(int layers, int keep) {
    check(layers, keep);
    int[] out = new int[keep];
    Arrays.setAll(out, i -> i);
    return out;
  }

  /** The last d_s layers (block 0's relative bias table moves into the new first block). */
  public static int[] high(int layers, int keep) {
    check(layers, keep);
    int[] out = new int[keep];
    Arrays.setAll(out, i -> layers - keep + i);
    return out;
  }

  /** An explicit list of 0-based layers; must be strictly increasing and in range. */
  public static int[] explicit(int layers, int... keep) {
    if (keep.length == 0) {
      throw new IllegalArgumentException("decoder layers: the explicit list is empty");
    }
    int prev = -1;
    for (int k : keep) {
      if (k <= prev || k >= layers) {
        throw new IllegalArgumentException(
            "decoder layers: " + Arrays.toString(keep) + " must be strictly increasing and in [0, "
                + layers + ")");
      }
      prev = k;
    }
    return keep.clone();
  }

  /**
   * Parses {@code uniform:3}, {@code uniform-paper:3}, {@code low:2}, {@code high:2} or {@code
   * explicit:0,5,11} (also a bare list {@code 0,5,11}) for a decoder of {@code layers} layers.
   */
  public static int[] parse(String spec, int layers) {
    String s = spec.trim().toLowerCase(Locale.ROOT);
    int colon = s.indexOf(':');
    String kind = colon < 0 ? "explicit" : s.substring(0, colon);
    String arg = colon < 0 ? s : s.substring(colon + 1);
    try {
      return switch (kind) {
        case "uniform" -> uniform(layers, Integer.parseInt(arg));
        case "uniform-paper" -> uniformPaper(layers, Integer.parseInt(arg));
        case "low" -> low(layers, Integer.parseInt(arg));
        case "high" -> high(layers, Integer.parseInt(arg));
        case "explicit" -> explicit(
            layers, Arrays.stream(arg.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray());
        default -> throw new IllegalArgumentException(
            "decoder layers: unknown selection '" + kind
                + "'; expected uniform, uniform-paper, low, high or explicit");
      };
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("decoder layers: '" + spec + "' is not <kind>:<count> or a list", e);
    }
  }

  private static void check(int layers, int keep) {
    if (keep < 1 || keep > layers) {
      throw new IllegalArgumentException(
          "decoder layers: cannot keep " + keep + " of " + layers + " layers (need 1 ≤ d_s ≤ L)");
    }
  }
}
