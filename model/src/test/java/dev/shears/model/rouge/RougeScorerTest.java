package dev.shears.model.rouge;

import static dev.shears.model.rouge.RougeType.ROUGE_1;
import static dev.shears.model.rouge.RougeType.ROUGE_2;
import static dev.shears.model.rouge.RougeType.ROUGE_L;
import static dev.shears.model.rouge.RougeType.ROUGE_LSUM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Cases worked out by hand from rouge_score's algorithm (rouge_scorer.py, tokenize.py). */
class RougeScorerTest {

  private static final double EPS = 1e-12;
  private final RougeScorer plain = new RougeScorer(RougeType.STANDARD, false);
  private final RougeScorer stemmed = new RougeScorer(RougeType.STANDARD, true);

  private static void assertPrf(Prf actual, double p, double r) {
    assertThat(actual.precision()).as("precision").isCloseTo(p, within(EPS));
    assertThat(actual.recall()).as("recall").isCloseTo(r, within(EPS));
    double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
    assertThat(actual.fmeasure()).as("f1").isCloseTo(f, within(EPS));
  }

  @Test
  void tokenizerLowercasesAndSplitsOnNonAlphanumerics() {
    RougeTokenizer tokenizer = new RougeTokenizer(null);
    assertThat(tokenizer.tokenize("Hello, World! It's 2024.")).containsExactly("hello", "world", "it", "s", "2024");
    assertThat(tokenizer.tokenize("café--au_lait\n\tX")).containsExactly("caf", "au", "lait", "x");
    assertThat(tokenizer.tokenize("  ...  ")).isEmpty();
  }

  @Test
  void tokenizerStemsOnlyTokensLongerThanThreeCharacters() {
    RougeTokenizer tokenizer = new RougeTokenizer(new PorterStemmer());
    // Porter alone would turn "was" into "wa" and "has" into "ha".
    assertThat(tokenizer.tokenize("He was running; she has cats")).containsExactly("he", "was", "run", "she", "has", "cat");
  }

  @Test
  void unigramsOfAPartialPrediction() {
    // rouge_score's own first test: 1 of 1 predicted unigrams matches, 1 of 3 reference unigrams.
    assertPrf(plain.score("testing one two", "testing").get(ROUGE_1), 1.0, 1.0 / 3);
  }

  @Test
  void ngramCountsAreClipped() {
    // ref unigrams {the:3, cat:1}, pred {the:2, cat:2}: overlap min(3,2)+min(1,2) = 3 of 4 each side.
    // ref bigrams {the the:2, the cat:1}, pred {the the:1, the cat:1, cat cat:1}: overlap 2 of 3.
    Map<RougeType, Prf> s = plain.score("the the the cat", "the the cat cat");
    assertPrf(s.get(ROUGE_1), 3.0 / 4, 3.0 / 4);
    assertPrf(s.get(ROUGE_2), 2.0 / 3, 2.0 / 3);
  }

  @Test
  void longestCommonSubsequence() {
    // LCS(a b c d e f, a c e x b) = a c e: 3 of 5 predicted, 3 of 6 reference tokens.
    assertPrf(plain.score("a b c d e f", "a c e x b").get(ROUGE_L), 3.0 / 5, 3.0 / 6);
  }

  @Test
  void summaryLevelLcsIsTheUnionOverSentences() {
    // Lin (2004) §3.2 and rouge_score's test: LCS(r, c1) = w1 w2, LCS(r, c2) = w1 w3 w5;
    // the union w1 w2 w3 w5 gives 4 hits: recall 4/5, precision 4/10.
    Prf lsum = plain.score("w1 w2 w3 w4 w5", "w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5").get(ROUGE_LSUM);
    assertPrf(lsum, 0.4, 0.8);
    assertThat(lsum.fmeasure()).isCloseTo(0.5333, within(1e-4));
    // Sentence order does not matter to the union; rougeL sees one sequence, "w1 w3 w8 w9 w5 w1 w2 …",
    // whose LCS with the reference has 3 tokens (w1 w3 w5).
    Map<RougeType, Prf> swapped = plain.score("w1 w2 w3 w4 w5", "w1 w3 w8 w9 w5\nw1 w2 w6 w7 w8");
    assertPrf(swapped.get(ROUGE_LSUM), 0.4, 0.8);
    assertPrf(swapped.get(ROUGE_L), 3.0 / 10, 3.0 / 5);
  }

  @Test
  void summaryLevelLcsCountsEachTokenOnce() {
    // Both reference sentences find "x y" in the single candidate sentence, but the candidate holds
    // one x and one y: 2 hits, not 4. Recall 2/4, precision 2/2.
    assertPrf(plain.score("x y\nx y", "x y").get(ROUGE_LSUM), 1.0, 0.5);
    // The candidate says "x y" twice; the reference once with a third token: 2 hits of 3 and of 4.
    assertPrf(plain.score("x y z", "x y\nx y").get(ROUGE_LSUM), 2.0 / 4, 2.0 / 3);
  }

  @Test
  void summaryLevelIgnoresEmptyLinesAndEqualsRougeLForOneSentence() {
    Map<RougeType, Prf> s = plain.score("the cat sat on the mat", "\n\nthe cat lay on a mat\n");
    assertThat(s.get(ROUGE_LSUM)).isEqualTo(s.get(ROUGE_L));
    assertPrf(s.get(ROUGE_L), 4.0 / 6, 4.0 / 6);
  }

  @Test
  void lcsBacktrackBreaksTiesTowardsTheReference() {
    // r = "a b", c = "b a": both LCSs have length 1; rouge_score's backtrack (i -= 1 on ties) keeps
    // "a" (ref index 0). With c2 = "a" the union stays {a}: 1 hit of 2 reference tokens.
    assertPrf(plain.score("a b", "b a\na").get(ROUGE_LSUM), 1.0 / 3, 1.0 / 2);
  }

  @Test
  void stemmingMatchesInflections() {
    // stemmed: ref [the kid are play], pred [the kid play]: 3 of 3 predicted, 3 of 4 reference.
    assertPrf(stemmed.score("The kids are playing", "the kid played").get(ROUGE_1), 1.0, 3.0 / 4);
    // unstemmed only "the" matches.
    assertPrf(plain.score("The kids are playing", "the kid played").get(ROUGE_1), 1.0 / 3, 1.0 / 4);
    // "was" has three characters and is not stemmed, so it does not meet "wa".
    assertPrf(stemmed.score("was", "wa").get(ROUGE_1), 0, 0);
  }

  @Test
  void emptyTextsScoreZero() {
    for (Prf prf : plain.score("", "some words").values()) {
      assertThat(prf).isEqualTo(Prf.ZERO);
    }
    for (Prf prf : plain.score("some words", "!!!").values()) {
      assertThat(prf.fmeasure()).isZero();
    }
  }

  @Test
  void higherOrderNgrams() {
    RougeScorer r3 = new RougeScorer(List.of(RougeType.parse("rouge3")), false);
    // ref trigrams: a b c, b c d, c d a, d a b, a b c (2x "a b c"); pred: a b c, b c a, c a b, a b c.
    // overlap: "a b c" min(2,2) = 2 → 2 of 4 predicted, 2 of 5 reference.
    assertPrf(r3.score("a b c d a b c", "a b c a b c").get(RougeType.parse("rouge3")), 2.0 / 4, 2.0 / 5);
  }

  @Test
  void parallelCorpusScoringEqualsPairwise() {
    Random random = new Random(7);
    List<String> refs = new ArrayList<>();
    List<String> preds = new ArrayList<>();
    String[] words = {"alpha", "beta", "gamma", "delta", "running", "runs", "cats", "cat", "the", "a"};
    for (int i = 0; i < 500; i++) {
      refs.add(randomText(random, words));
      preds.add(randomText(random, words));
    }
    List<Map<RougeType, Prf>> all = stemmed.scoreAll(refs, preds);
    for (int i = 0; i < refs.size(); i++) {
      assertThat(all.get(i)).isEqualTo(stemmed.score(refs.get(i), preds.get(i)));
    }
  }

  @Test
  void scorerTokenisesExactlyAsTheReferenceTokenizer() {
    // The scorer's single-pass tokenizer must agree with RougeTokenizer (rouge_score's algorithm spelled out):
    // rewriting each sentence as its tokens joined by spaces cannot change any score.
    Random random = new Random(11);
    String[] pieces = {"Running", "RUNS", "café", "naïve", "İstanbul", "K", "x2", "3.5", "don't", "e-mail", "ß",
        "  ", ",", "\n", "\n\n", "Cats", "the", "ÅNGSTRÖM", "\t", "日本"};
    RougeTokenizer tokenizer = new RougeTokenizer(null);
    for (int k = 0; k < 300; k++) {
      String ref = randomPieces(random, pieces);
      String pred = randomPieces(random, pieces);
      assertThat(plain.score(ref, pred)).as("%s | %s", ref, pred)
          .isEqualTo(plain.score(canonical(ref, tokenizer), canonical(pred, tokenizer)));
      assertThat(stemmed.score(ref, pred)).as("%s | %s", ref, pred)
          .isEqualTo(stemmed.score(canonical(ref, tokenizer), canonical(pred, tokenizer)));
    }
  }

  private static String randomPieces(Random random, String[] pieces) {
    StringBuilder b = new StringBuilder();
    int n = random.nextInt(25);
    for (int i = 0; i < n; i++) {
      b.append(pieces[random.nextInt(pieces.length)]).append(random.nextBoolean() ? " " : "");
    }
    return b.toString();
  }

  /** Each non-empty line's tokens joined by spaces. */
  private static String canonical(String text, RougeTokenizer tokenizer) {
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      if (!line.isEmpty()) {
        lines.add(String.join(" ", tokenizer.tokenize(line)));
      }
    }
    return String.join("\n", lines);
  }

  @Test
  void mismatchedCorpusLengthsAreRejectedWithBothCounts() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> plain.scoreAll(List.of("a", "b"), List.of("a")));
    assertThat(e.getMessage()).contains("1 predictions").contains("2 references");
  }

  @Test
  void rougeTypesAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> new RougeType("rouge0", 0));
    assertThrows(IllegalArgumentException.class, () -> new RougeType("rougeL", 1));
    assertThat(RougeType.parse("rouge9").n()).isEqualTo(9);
  }

  @Test
  void unknownTypeIsNamed() {
    assertThat(assertThrows(IllegalArgumentException.class, () -> RougeType.parse("rougeX")).getMessage())
        .contains("rougeX");
  }

  private static String randomText(Random random, String[] words) {
    StringBuilder b = new StringBuilder();
    int n = random.nextInt(30);
    for (int i = 0; i < n; i++) {
      b.append(words[random.nextInt(words.length)]).append(random.nextInt(8) == 0 ? "\n" : " ");
    }
    return b.toString();
  }
}
