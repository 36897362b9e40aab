package dev.shears.model.data;

/**
 * Length bounds, in whitespace-separated words, on a pair's description (the model's input) and synopsis
 * (its target); both bounds inclusive.
 */
public record DescriptionFilter(int minDescriptionWords, int maxDescriptionWords, int minSynopsisWords,
    int maxSynopsisWords) {

  /** Descriptions of 10–200 words (long enough to summarise, short enough for a small model's input), synopses of 2–16. */
  public static final DescriptionFilter DEFAULT = new DescriptionFilter(10, 200, 2, 16);

  public DescriptionFilter {
    check("minimum description words", minDescriptionWords, maxDescriptionWords);
    check("minimum synopsis words", minSynopsisWords, maxSynopsisWords);
  }

  private static void check(String what, int min, int max) {
    if (min < 1) {
      throw new IllegalArgumentException("Invalid " + what + " " + min + ": must be >= 1");
    }
    if (max < min) {
      throw new IllegalArgumentException("Invalid bounds: " + what + " " + min + " exceeds the maximum " + max);
    }
  }

  /** Whether both texts are within bounds. */
  public boolean accepts(PackageDescription d) {
    int dw = words(d.description());
    int sw = words(d.synopsis());
    return dw >= minDescriptionWords && dw <= maxDescriptionWords
        && sw >= minSynopsisWords && sw <= maxSynopsisWords;
  }

  static int words(String s) {
    int n = 0;
    boolean in = false;
    for (int i = 0; i < s.length(); i++) {
      boolean ws = Character.isWhitespace(s.charAt(i));
      if (!ws && !in) {
        n++;
      }
      in = !ws;
    }
    return n;
  }
}
