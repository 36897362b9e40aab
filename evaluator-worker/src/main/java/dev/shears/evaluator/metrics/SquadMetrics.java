package dev.shears.evaluator.metrics;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Exact match and token F1 as SQuAD v1.1's official {@code evaluate-v1.1.py}: answers are normalised
 * (lower-case, ASCII punctuation removed, the articles a/an/the removed, whitespace collapsed); F1 is
 * over the bag of normalised tokens; with several gold answers the best counts. As in v1.1, an empty
 * prediction or answer has F1 0. Stateless and thread-safe.
 */
public final class SquadMetrics {

  private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
  private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

  /** SQuAD's {@code normalize_answer}. */
  public static String normalize(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    StringBuilder noPunct = new StringBuilder(lower.length());
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      if (PUNCTUATION.indexOf(c) < 0) {
        noPunct.append(c);
      }
    }
    String noArticles = ARTICLES.matcher(noPunct).replaceAll(" ");
    return String.join(" ", tokens(noArticles));
  }

  private static List<String> tokens(String text) {
    String trimmed = text.strip();
    return trimmed.isEmpty() ? List.of() : Arrays.asList(WHITESPACE.split(trimmed));
  }

  /** 1 when the normalised prediction equals the normalised answer, else 0. */
  public double exactMatch(String prediction, String answer) {
    return normalize(prediction).equals(normalize(answer)) ? 1.0 : 0.0;
  }

  /** Token F1 between the normalised prediction and answer. */
  public double f1(String prediction, String answer) {
    List<String> pred = tokens(normalize(prediction));
    List<String> gold = tokens(normalize(answer));
    Map<String, Integer> goldCounts = new HashMap<>();
    gold.forEach(t -> goldCounts.merge(t, 1, Integer::sum));
    int same = 0;
    for (String t : pred) {
      Integer left = goldCounts.get(t);
      if (left != null && left > 0) {
        same++;
        goldCounts.put(t, left - 1);
      }
    }
    if (same == 0) {
      return 0.0;
    }
    double precision = (double) same / pred.size();
    double recall = (double) same / gold.size();
    return 2 * precision * recall / (precision + recall);
  }

  /** The best exact match over several gold answers. */
  public double exactMatch(String prediction, List<String> answers) {
    return answers.stream().mapToDouble(a -> exactMatch(prediction, a)).max().orElse(0);
  }

  /** The best F1 over several gold answers. */
  public double f1(String prediction, List<String> answers) {
    return answers.stream().mapToDouble(a -> f1(prediction, a)).max().orElse(0);
  }

  /** 1 when prediction and label are equal after trimming surrounding whitespace (classification accuracy). */
  public static double accuracy(String prediction, String label) {
    return prediction.strip().equals(label.strip()) ? 1.0 : 0.0;
  }
}
