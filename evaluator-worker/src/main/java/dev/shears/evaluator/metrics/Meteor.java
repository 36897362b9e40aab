package dev.shears.evaluator.metrics;

import dev.shears.model.rouge.PorterStemmer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * METEOR (Banerjee and Lavie, 2005) exactly as NLTK's {@code meteor_score}: words are lower-cased and
 * aligned in three stages — exact, Porter stem, WordNet synonym — each taking, from the last hypothesis
 * word backwards, the last still-unaligned reference position; then with P and R the unigram precision
 * and recall, {@code Fmean = PR / (αP + (1−α)R)}, {@code penalty = γ·(chunks/matches)^β} and
 * {@code score = (1 − penalty)·Fmean}, α = 0.9, β = 3, γ = 0.5. With several references the best score
 * counts. As in NLTK, the synonym stage looks up the words left after stemming, i.e. their stems.
 *
 * <p>Without WordNet ({@code null}) only the exact and stem modules run; {@link #modules()} says which.
 * Thread-safe.
 */
public final class Meteor {

  private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+(?:['’\\-][\\p{L}\\p{N}]+)*|[^\\s\\p{L}\\p{N}]");

  private final WordNetSynonyms wordNet;
  private final PorterStemmer stemmer = new PorterStemmer();
  private final double alpha;
  private final double beta;
  private final double gamma;

  /**
   * METEOR with explicit parameters.
   *
   * @param wordNet synonym data, or null to run only the exact and stem modules
   */
  public Meteor(WordNetSynonyms wordNet, double alpha, double beta, double gamma) {
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new IllegalArgumentException("Invalid value " + alpha + " for METEOR alpha: must be in [0, 1]");
    }
    if (!(beta > 0) || !(gamma >= 0 && gamma <= 1)) {
      throw new IllegalArgumentException("Invalid METEOR beta " + beta + " or gamma " + gamma
          + ": beta must be > 0, gamma in [0, 1]");
    }
    this.wordNet = wordNet;
    this.alpha = alpha;
    this.beta = beta;
    this.gamma = gamma;
  }

  /** METEOR with NLTK's defaults α = 0.9, β = 3, γ = 0.5. */
  public Meteor(WordNetSynonyms wordNet) {
    this(wordNet, 0.9, 3.0, 0.5);
  }

  /** The alignment modules that run, in order. */
  public List<String> modules() {
    return wordNet == null ? List.of("exact", "stem") : List.of("exact", "stem", "synonym");
  }

  /**
   * Splits text into words and punctuation marks, as METEOR's pre-tokenised input: runs of letters and
   * digits (joined by inner apostrophes or hyphens) and each other non-space character alone.
   */
  public static List<String> tokenize(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = TOKEN.matcher(text);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  /** The score of one hypothesis text against one reference text, tokenised by {@link #tokenize}. */
  public double score(String reference, String hypothesis) {
    return score(tokenize(reference), tokenize(hypothesis));
  }

  /** The best score of the hypothesis over several tokenised references. */
  public double scoreMax(List<List<String>> references, List<String> hypothesis) {
    double best = 0;
    for (List<String> reference : references) {
      best = Math.max(best, score(reference, hypothesis));
    }
    return best;
  }

  /** NLTK's {@code single_meteor_score(reference, hypothesis)} on token lists. */
  public double score(List<String> reference, List<String> hypothesis) {
    List<Word> hyp = enumerate(hypothesis);
    List<Word> ref = enumerate(reference);
    int hypLength = hyp.size();
    int refLength = ref.size();
    List<int[]> matches = new ArrayList<>();
    matchExact(hyp, ref, matches);
    List<Word> hypStems = stems(hyp);
    List<Word> refStems = stems(ref);
    matchExact(hypStems, refStems, matches);
    if (wordNet != null) {
      matchSynonyms(hypStems, refStems, matches);
    }
    int count = matches.size();
    if (count == 0 || hypLength == 0 || refLength == 0) {
      return 0.0;
    }
    matches.sort((a, b) -> Integer.compare(a[0], b[0]));
    double precision = (double) count / hypLength;
    double recall = (double) count / refLength;
    double fmean = precision * recall / (alpha * precision + (1 - alpha) * recall);
    double fragmentation = (double) chunks(matches) / count;
    double penalty = gamma * Math.pow(fragmentation, beta);
    return (1 - penalty) * fmean;
  }

  /** A word with its position in the original sentence. */
  private record Word(int position, String text) {}

  private static List<Word> enumerate(List<String> tokens) {
    List<Word> out = new ArrayList<>(tokens.size());
    for (int i = 0; i < tokens.size(); i++) {
      out.add(new Word(i, tokens.get(i).toLowerCase(Locale.ROOT)));
    }
    return out;
  }

  private List<Word> stems(List<Word> words) {
    List<Word> out = new ArrayList<>(words.size());
    for (Word w : words) {
      out.add(new Word(w.position(), stemmer.stem(w.text())));
    }
    return out;
  }

  /** NLTK's {@code _match_enums}; removes matched words from both lists in place. */
  private static void matchExact(List<Word> hyp, List<Word> ref, List<int[]> matches) {
    Map<String, List<Integer>> refPositions = positions(ref);
    boolean[] hypMatched = new boolean[hyp.size()];
    boolean[] refMatched = new boolean[ref.size()];
    for (int i = hyp.size() - 1; i >= 0; i--) {
      List<Integer> positions = refPositions.get(hyp.get(i).text());
      if (positions != null && !positions.isEmpty()) {
        int j = positions.remove(positions.size() - 1);
        hypMatched[i] = true;
        refMatched[j] = true;
        matches.add(new int[] {hyp.get(i).position(), ref.get(j).position()});
      }
    }
    removeMatched(hyp, hypMatched);
    removeMatched(ref, refMatched);
  }

  /** NLTK's {@code _enum_wordnetsyn_match}: the synonym (or the word) with the last free reference position wins. */
  private void matchSynonyms(List<Word> hyp, List<Word> ref, List<int[]> matches) {
    Map<String, List<Integer>> refPositions = positions(ref);
    boolean[] hypMatched = new boolean[hyp.size()];
    boolean[] refMatched = new boolean[ref.size()];
    for (int i = hyp.size() - 1; i >= 0; i--) {
      String word = hyp.get(i).text();
      int bestJ = -1;
      String bestWord = null;
      List<Integer> own = refPositions.get(word);
      if (own != null && !own.isEmpty()) {
        bestJ = own.get(own.size() - 1);
        bestWord = word;
      }
      for (String syn : wordNet.synonyms(word)) {
        List<Integer> positions = refPositions.get(syn);
        if (positions != null && !positions.isEmpty() && positions.get(positions.size() - 1) > bestJ) {
          bestJ = positions.get(positions.size() - 1);
          bestWord = syn;
        }
      }
      if (bestWord != null) {
        List<Integer> positions = refPositions.get(bestWord);
        positions.remove(positions.size() - 1);
        hypMatched[i] = true;
        refMatched[bestJ] = true;
        matches.add(new int[] {hyp.get(i).position(), ref.get(bestJ).position()});
      }
    }
    removeMatched(hyp, hypMatched);
    removeMatched(ref, refMatched);
  }

  private static Map<String, List<Integer>> positions(List<Word> words) {
    Map<String, List<Integer>> out = new HashMap<>();
    for (int j = 0; j < words.size(); j++) {
      out.computeIfAbsent(words.get(j).text(), k -> new ArrayList<>()).add(j);
    }
    return out;
  }

  private static void removeMatched(List<Word> words, boolean[] matched) {
    List<Word> kept = new ArrayList<>(words.size());
    for (int i = 0; i < words.size(); i++) {
      if (!matched[i]) {
        kept.add(words.get(i));
      }
    }
    words.clear();
    words.addAll(kept);
  }

  /** The fewest chunks of adjacent matches (consecutive in both hypothesis and reference), sorted by hypothesis. */
  private static int chunks(List<int[]> matches) {
    int chunks = 1;
    for (int i = 0; i + 1 < matches.size(); i++) {
      if (!(matches.get(i + 1)[0] == matches.get(i)[0] + 1 && matches.get(i + 1)[1] == matches.get(i)[1] + 1)) {
        chunks++;
      }
    }
    return chunks;
  }
}
