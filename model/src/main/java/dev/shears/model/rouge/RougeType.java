package dev.shears.model.rouge;

import java.util.List;

/**
 * A ROUGE variant as {@code rouge_score} names it: {@code rouge1} … {@code rouge9} (n-gram overlap),
 * {@code rougeL} (longest common subsequence over the whole text) and {@code rougeLsum} (summary-level
 * union LCS over newline-separated sentences).
 *
 * @param name the {@code rouge_score} name
 * @param n    the n-gram order, or 0 for the LCS variants
 */
public record RougeType(String name, int n) {

  /** ROUGE-1. */
  public static final RougeType ROUGE_1 = new RougeType("rouge1", 1);
  /** ROUGE-2. */
  public static final RougeType ROUGE_2 = new RougeType("rouge2", 2);
  /** ROUGE-L. */
  public static final RougeType ROUGE_L = new RougeType("rougeL", 0);
  /** ROUGE-Lsum. */
  public static final RougeType ROUGE_LSUM = new RougeType("rougeLsum", 0);
  /** The four types the paper and the CLI report. */
  public static final List<RougeType> STANDARD = List.of(ROUGE_1, ROUGE_2, ROUGE_L, ROUGE_LSUM);

  /** Validates. */
  public RougeType {
    boolean lcs = ("rougeL".equals(name) || "rougeLsum".equals(name)) && n == 0;
    boolean ngram = n >= 1 && n <= 9 && ("rouge" + n).equals(name);
    if (!lcs && !ngram) {
      throw new IllegalArgumentException("Invalid ROUGE type " + name + " (n=" + n + ")");
    }
  }

  /** Parses {@code rouge1} … {@code rouge9}, {@code rougeL}, {@code rougeLsum}. */
  public static RougeType parse(String name) {
    if ("rougeL".equals(name)) {
      return ROUGE_L;
    }
    if ("rougeLsum".equals(name)) {
      return ROUGE_LSUM;
    }
    if (name != null && name.matches("rouge[1-9]")) {
      return new RougeType(name, name.charAt(5) - '0');
    }
    throw new IllegalArgumentException(
        "Unknown ROUGE type '" + name + "': expected rouge1 … rouge9, rougeL or rougeLsum");
  }

  /** Whether this is the summary-level variant. */
  public boolean summaryLevel() {
    return name.equals("rougeLsum");
  }

  @Override
  public String toString() {
    return name;
  }
}
