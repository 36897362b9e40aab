package dev.shears.model.rouge;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The Porter stemmer exactly as NLTK's {@code PorterStemmer} in its default {@code NLTK_EXTENSIONS}
 * mode, which is the stemmer Google's {@code rouge_score} and NLTK's METEOR use.
 *
 * <p>Port of Porter (1980), "An algorithm for suffix stripping", with Martin Porter's and NLTK's
 * departures: the irregular-forms table, {@code ies}/{@code ied} on four-letter words, the two-letter
 * {@code *o} condition, the {@code y → i} rule only after a consonant, {@code bli → ble},
 * {@code alli}, {@code fulli} and {@code logi} in step 2. Rules are tried in NLTK's order; the first
 * rule whose suffix matches decides, whether or not its condition holds. Stateless and thread-safe.
 */
public final class PorterStemmer {

  private static final Map<String, String> IRREGULAR = irregularForms();

  private static final List<Rule> STEP3 = List.of(
      new Rule("icate", "ic", PorterStemmer::positiveMeasure),
      new Rule("ative", "", PorterStemmer::positiveMeasure),
      new Rule("alize", "al", PorterStemmer::positiveMeasure),
      new Rule("iciti", "ic", PorterStemmer::positiveMeasure),
      new Rule("ical", "ic", PorterStemmer::positiveMeasure),
      new Rule("ful", "", PorterStemmer::positiveMeasure),
      new Rule("ness", "", PorterStemmer::positiveMeasure));

  private static final List<Rule> STEP4 = List.of(
      new Rule("al", "", PorterStemmer::measureAboveOne),
      new Rule("ance", "", PorterStemmer::measureAboveOne),
      new Rule("ence", "", PorterStemmer::measureAboveOne),
      new Rule("er", "", PorterStemmer::measureAboveOne),
      new Rule("ic", "", PorterStemmer::measureAboveOne),
      new Rule("able", "", PorterStemmer::measureAboveOne),
      new Rule("ible", "", PorterStemmer::measureAboveOne),
      new Rule("ant", "", PorterStemmer::measureAboveOne),
      new Rule("ement", "", PorterStemmer::measureAboveOne),
      new Rule("ment", "", PorterStemmer::measureAboveOne),
      new Rule("ent", "", PorterStemmer::measureAboveOne),
      new Rule("ion", "", s -> measure(s) > 1 && !s.isEmpty()
          && (s.charAt(s.length() - 1) == 's' || s.charAt(s.length() - 1) == 't')),
      new Rule("ou", "", PorterStemmer::measureAboveOne),
      new Rule("ism", "", PorterStemmer::measureAboveOne),
      new Rule("ate", "", PorterStemmer::measureAboveOne),
      new Rule("iti", "", PorterStemmer::measureAboveOne),
      new Rule("ous", "", PorterStemmer::measureAboveOne),
      new Rule("ive", "", PorterStemmer::measureAboveOne),
      new Rule("ize", "", PorterStemmer::measureAboveOne));

  /** Stems one word; the word is lower-cased first, as NLTK's {@code stem(word)} does. */
  public String stem(String word) {
    String w = word.toLowerCase(java.util.Locale.ROOT);
    String irregular = IRREGULAR.get(w);
    if (irregular != null) {
      return irregular;
    }
    if (word.length() <= 2) {
      return w;
    }
    w = step1a(w);
    w = step1b(w);
    w = step1c(w);
    w = step2(w);
    w = step3(w);
    w = step4(w);
    w = step5a(w);
    return step5b(w);
  }

  /** A suffix rule: replace {@code suffix} by {@code replacement} when {@code condition(stem)}. */
  private record Rule(String suffix, String replacement, Predicate<String> condition) {}

  /** NLTK's {@code _apply_rule_list}: the first rule whose suffix matches decides. */
  private static String applyRules(String word, List<Rule> rules) {
    for (Rule rule : rules) {
      if (word.endsWith(rule.suffix())) {
        String stem = word.substring(0, word.length() - rule.suffix().length());
        return rule.condition().test(stem) ? stem + rule.replacement() : word;
      }
    }
    return word;
  }

  private static String step1a(String w) {
    if (w.endsWith("ies") && w.length() == 4) {
      return replaceSuffix(w, 3, "ie");
    }
    if (w.endsWith("sses")) {
      return replaceSuffix(w, 4, "ss");
    }
    if (w.endsWith("ies")) {
      return replaceSuffix(w, 3, "i");
    }
    if (w.endsWith("ss")) {
      return w;
    }
    if (w.endsWith("s")) {
      return replaceSuffix(w, 1, "");
    }
    return w;
  }

  private static String step1b(String w) {
    if (w.endsWith("ied")) {
      return replaceSuffix(w, 3, w.length() == 4 ? "ie" : "i");
    }
    if (w.endsWith("eed")) {
      String stem = replaceSuffix(w, 3, "");
      return measure(stem) > 0 ? stem + "ee" : w;
    }
    String stem = null;
    if (w.endsWith("ed") && containsVowel(w.substring(0, w.length() - 2))) {
      stem = w.substring(0, w.length() - 2);
    } else if (w.endsWith("ing") && containsVowel(w.substring(0, w.length() - 3))) {
      stem = w.substring(0, w.length() - 3);
    }
    if (stem == null) {
      return w;
    }
    if (stem.endsWith("at")) {
      return replaceSuffix(stem, 2, "ate");
    }
    if (stem.endsWith("bl")) {
      return replaceSuffix(stem, 2, "ble");
    }
    if (stem.endsWith("iz")) {
      return replaceSuffix(stem, 2, "ize");
    }
    if (endsDoubleConsonant(stem)) {
      char last = stem.charAt(stem.length() - 1);
      // *d and not (*L or *S or *Z) -> single letter; otherwise the word is left as it is.
      return last != 'l' && last != 's' && last != 'z' ? stem.substring(0, stem.length() - 1) : stem;
    }
    return measure(stem) == 1 && endsCvc(stem) ? stem + "e" : stem;
  }

  private static String step1c(String w) {
    if (w.endsWith("y")) {
      String stem = w.substring(0, w.length() - 1);
      return stem.length() > 1 && isConsonant(stem, stem.length() - 1) ? stem + "i" : w;
    }
    return w;
  }

  private static String step2(String w) {
    if (w.endsWith("alli") && positiveMeasure(w.substring(0, w.length() - 4))) {
      return step2(replaceSuffix(w, 4, "al"));
    }
    String word = w;
    return applyRules(w, List.of(
        new Rule("ational", "ate", PorterStemmer::positiveMeasure),
        new Rule("tional", "tion", PorterStemmer::positiveMeasure),
        new Rule("enci", "ence", PorterStemmer::positiveMeasure),
        new Rule("anci", "ance", PorterStemmer::positiveMeasure),
        new Rule("izer", "ize", PorterStemmer::positiveMeasure),
        new Rule("bli", "ble", PorterStemmer::positiveMeasure),
        new Rule("alli", "al", PorterStemmer::positiveMeasure),
        new Rule("entli", "ent", PorterStemmer::positiveMeasure),
        new Rule("eli", "e", PorterStemmer::positiveMeasure),
        new Rule("ousli", "ous", PorterStemmer::positiveMeasure),
        new Rule("ization", "ize", PorterStemmer::positiveMeasure),
        new Rule("ation", "ate", PorterStemmer::positiveMeasure),
        new Rule("ator", "ate", PorterStemmer::positiveMeasure),
        new Rule("alism", "al", PorterStemmer::positiveMeasure),
        new Rule("iveness", "ive", PorterStemmer::positiveMeasure),
        new Rule("fulness", "ful", PorterStemmer::positiveMeasure),
        new Rule("ousness", "ous", PorterStemmer::positiveMeasure),
        new Rule("aliti", "al", PorterStemmer::positiveMeasure),
        new Rule("iviti", "ive", PorterStemmer::positiveMeasure),
        new Rule("biliti", "ble", PorterStemmer::positiveMeasure),
        new Rule("fulli", "ful", PorterStemmer::positiveMeasure),
        // NLTK tests the measure of the word less "ogi", not of the stem less "logi".
        new Rule("logi", "log", s -> positiveMeasure(word.substring(0, word.length() - 3)))));
  }

  private static String step3(String w) {
    return applyRules(w, STEP3);
  }

  private static String step4(String w) {
    return applyRules(w, STEP4);
  }

  private static String step5a(String w) {
    if (w.endsWith("e")) {
      String stem = w.substring(0, w.length() - 1);
      int m = measure(stem);
      if (m > 1 || (m == 1 && !endsCvc(stem))) {
        return stem;
      }
    }
    return w;
  }

  private static String step5b(String w) {
    if (w.endsWith("ll")) {
      return measure(w.substring(0, w.length() - 1)) > 1 ? w.substring(0, w.length() - 1) : w;
    }
    return w;
  }

  private static String replaceSuffix(String w, int suffixLength, String replacement) {
    return w.substring(0, w.length() - suffixLength) + replacement;
  }

  private static boolean isVowelLetter(char c) {
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
  }

  /** A consonant is a letter other than a, e, i, o, u, and other than y preceded by a consonant. */
  private static boolean isConsonant(String w, int i) {
    char c = w.charAt(i);
    if (isVowelLetter(c)) {
      return false;
    }
    if (c != 'y') {
      return true;
    }
    // Walk back over a run of y's: each one flips the answer of the letter before it.
    boolean negate = false;
    int j = i;
    while (j > 0 && w.charAt(j) == 'y') {
      negate = !negate;
      j--;
    }
    return !isVowelLetter(w.charAt(j)) != negate;
  }

  /** The measure m of {@code [C](VC){m}[V]}: the number of vowel-to-consonant transitions. */
  static int measure(String stem) {
    int m = 0;
    boolean previousConsonant = true;
    boolean previousWasVowel = false;
    for (int i = 0; i < stem.length(); i++) {
      char c = stem.charAt(i);
      boolean consonant;
      if (isVowelLetter(c)) {
        consonant = false;
      } else if (c == 'y') {
        consonant = i == 0 || !previousConsonant;
      } else {
        consonant = true;
      }
      if (consonant && previousWasVowel) {
        m++;
      }
      previousWasVowel = !consonant;
      previousConsonant = consonant;
    }
    return m;
  }

  private static boolean positiveMeasure(String stem) {
    return measure(stem) > 0;
  }

  private static boolean measureAboveOne(String stem) {
    return measure(stem) > 1;
  }

  private static boolean containsVowel(String stem) {
    for (int i = 0; i < stem.length(); i++) {
      if (!isConsonant(stem, i)) {
        return true;
      }
    }
    return false;
  }

  private static boolean endsDoubleConsonant(String w) {
    int n = w.length();
    return n >= 2 && w.charAt(n - 1) == w.charAt(n - 2) && isConsonant(w, n - 1);
  }

  /** Condition *o: ends consonant-vowel-consonant, the last not w, x or y; or (NLTK) a two-letter vc word. */
  private static boolean endsCvc(String w) {
    int n = w.length();
    if (n >= 3 && isConsonant(w, n - 3) && !isConsonant(w, n - 2) && isConsonant(w, n - 1)) {
      char last = w.charAt(n - 1);
      if (last != 'w' && last != 'x' && last != 'y') {
        return true;
      }
    }
    return n == 2 && !isConsonant(w, 0) && isConsonant(w, 1);
  }

  private static Map<String, String> irregularForms() {
    Map<String, List<String>> forms = Map.ofEntries(
        Map.entry("sky", List.of("sky", "skies")),
        Map.entry("die", List.of("dying")),
        Map.entry("lie", List.of("lying")),
        Map.entry("tie", List.of("tying")),
        Map.entry("news", List.of("news")),
        Map.entry("inning", List.of("innings", "inning")),
        Map.entry("outing", List.of("outings", "outing")),
        Map.entry("canning", List.of("cannings", "canning")),
        Map.entry("howe", List.of("howe")),
        Map.entry("proceed", List.of("proceed")),
        Map.entry("exceed", List.of("exceed")),
        Map.entry("succeed", List.of("succeed")));
    Map<String, String> pool = new HashMap<>();
    forms.forEach((stem, words) -> words.forEach(w -> pool.put(w, stem)));
    return Map.copyOf(pool);
  }
}
