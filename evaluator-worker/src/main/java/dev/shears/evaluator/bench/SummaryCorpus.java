package dev.shears.evaluator.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded synthetic corpus of reference/prediction summary pairs for timing metrics: words are
 * built from syllables plus English inflections (so the stemmer has real work), drawn with a
 * Zipf-like law, split into sentences by newlines; each prediction keeps about half of its
 * reference's words in order and replaces or inserts the rest.
 *
 * @param references reference summaries
 * @param predictions prediction summaries, aligned with the references
 */
public record SummaryCorpus(List<String> references, List<String> predictions) {

  private static final String[] ONSETS = {"b", "c", "d", "f", "g", "h", "l", "m", "n", "p", "r", "s", "t",
      "v", "w", "st", "tr", "pl", "gr", "ch"};
  private static final String[] NUCLEI = {"a", "e", "i", "o", "u", "ea", "ou", "y"};
  private static final String[] SUFFIXES = {"", "", "", "s", "ed", "ing", "ly", "ness", "ation", "er",
      "ful", "ity", "ize", "ment"};

  /** Copies the lists. */
  public SummaryCorpus {
    references = List.copyOf(references);
    predictions = List.copyOf(predictions);
  }

  /**
   * Generates {@code pairs} pairs of {@code words}-word summaries.
   *
   * @param seed the random seed: the same seed gives the same corpus
   */
  public static SummaryCorpus generate(int pairs, int words, long seed) {
    if (pairs < 0 || words < 1) {
      throw new IllegalArgumentException("Invalid corpus size: pairs=" + pairs + ", words=" + words);
    }
    SplittableRandom random = new SplittableRandom(seed);
    String[] vocabulary = new String[5000];
    for (int i = 0; i < vocabulary.length; i++) {
      StringBuilder w = new StringBuilder();
      int syllables = 1 + random.nextInt(3);
      for (int s = 0; s < syllables; s++) {
        w.append(ONSETS[random.nextInt(ONSETS.length)]).append(NUCLEI[random.nextInt(NUCLEI.length)]);
      }
      vocabulary[i] = w.append(SUFFIXES[random.nextInt(SUFFIXES.length)]).toString();
    }
    List<String> refs = new ArrayList<>(pairs);
    List<String> preds = new ArrayList<>(pairs);
    for (int p = 0; p < pairs; p++) {
      List<String> ref = new ArrayList<>(words);
      for (int i = 0; i < words; i++) {
        ref.add(zipf(random, vocabulary));
      }
      List<String> pred = new ArrayList<>(words);
      for (String w : ref) {
        double u = random.nextDouble();
        if (u < 0.5) {
          pred.add(w);
        } else if (u < 0.85) {
          pred.add(zipf(random, vocabulary));
        } else {
          pred.add(zipf(random, vocabulary));
          pred.add(w);
        }
      }
      refs.add(sentences(ref, random));
      preds.add(sentences(pred.subList(0, Math.min(pred.size(), words)), random));
    }
    return new SummaryCorpus(refs, preds);
  }

  private static String zipf(SplittableRandom random, String[] vocabulary) {
    // Inverse-CDF of a 1/rank law over the vocabulary.
    double u = random.nextDouble();
    int rank = (int) Math.floor(Math.pow(vocabulary.length + 1.0, u)) - 1;
    return vocabulary[Math.min(Math.max(rank, 0), vocabulary.length - 1)];
  }

  private static String sentences(List<String> words, SplittableRandom random) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < words.size(); i++) {
      if (i > 0) {
        b.append(random.nextInt(15) == 0 ? ".\n" : " ");
      }
      b.append(i == 0 ? capitalise(words.get(i)) : words.get(i));
    }
    return b.append('.').toString();
  }

  private static String capitalise(String w) {
    return Character.toUpperCase(w.charAt(0)) + w.substring(1);
  }
}
