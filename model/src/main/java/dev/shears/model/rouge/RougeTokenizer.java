package dev.shears.model.rouge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tokenises text the way {@code rouge_score}'s {@code DefaultTokenizer} does: lower-case, every run
 * of characters outside {@code [a-z0-9]} becomes a separator, and with stemming on, tokens longer
 * than three characters are Porter-stemmed (NLTK's stemmer).
 *
 * <p>Keeps a stem cache, so an instance is not thread-safe: give each thread its own.
 */
public final class RougeTokenizer {

  private final PorterStemmer stemmer;
  private final Map<String, String> stems = new HashMap<>();

  /** A tokenizer; {@code stemmer} is null for no stemming. */
  public RougeTokenizer(PorterStemmer stemmer) {
    this.stemmer = stemmer;
  }

  /** Whether tokens are stemmed. */
  public boolean stems() {
    return stemmer != null;
  }

  /** The tokens of {@code text}. */
  public List<String> tokenize(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    List<String> tokens = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= lower.length(); i++) {
      boolean alnum = i < lower.length() && isAsciiAlnum(lower.charAt(i));
      if (alnum && start < 0) {
        start = i;
      } else if (!alnum && start >= 0) {
        tokens.add(maybeStem(lower.substring(start, i)));
        start = -1;
      }
    }
    return tokens;
  }

  private String maybeStem(String token) {
    if (stemmer == null || token.length() <= 3) {
      return token;
    }
    return stems.computeIfAbsent(token, stemmer::stem);
  }

  private static boolean isAsciiAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }
}
