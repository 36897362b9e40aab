package dev.shears.model.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

/**
 * Byte-pair encoding (Sennrich et al., 2016) learned from word counts: start from the characters of every word,
 * then repeatedly merge the most frequent adjacent pair of symbols into a new symbol until the vocabulary holds
 * {@code vocabSize} entries or no pair occurs {@code minFrequency} times. Ties go to the pair whose symbols sort
 * first, so training is deterministic. Characters seen fewer than {@code minFrequency} times stay out of the
 * alphabet (they encode as unk) and never take part in a merge.
 */
public final class BpeTrainer {
  private final int vocabSize;
  private final int minFrequency;
  private final List<String> specialTokens;

  /**
   * @param specialTokens the first ids of the vocabulary, in order (T5: {@code <pad>}, {@code </s>}, {@code <unk>})
   */
  public BpeTrainer(int vocabSize, int minFrequency, List<String> specialTokens) {
    if (minFrequency < 1) {
      throw new IllegalArgumentException("Invalid minimum frequency " + minFrequency + ": must be >= 1");
    }
    if (vocabSize <= specialTokens.size()) {
      throw new IllegalArgumentException("Invalid vocabulary size " + vocabSize + ": must exceed the "
          + specialTokens.size() + " special tokens");
    }
    this.vocabSize = vocabSize;
    this.minFrequency = minFrequency;
    this.specialTokens = List.copyOf(specialTokens);
  }

  /** The learned vocabulary (token → id, special tokens first, then the alphabet, then merges) and merges in order. */
  public record Bpe(Map<String, Integer> vocab, List<String[]> merges) {}

  /** Learns BPE from {@code wordCounts} (pre-tokenised words and how often each occurs). */
  public Bpe train(Map<String, Long> wordCounts) {
    Map<String, Integer> vocab = new LinkedHashMap<>();
    specialTokens.forEach(t -> vocab.put(t, vocab.size()));

    TreeMap<Integer, Long> charCounts = new TreeMap<>();
    wordCounts.forEach((w, n) -> w.codePoints().forEach(cp -> charCounts.merge(cp, n, Long::sum)));
    List<String> symbols = new ArrayList<>();
    Map<String, Integer> symbolIds = new HashMap<>();
    charCounts.forEach((cp, n) -> {
      if (n >= minFrequency) {
        String s = Character.toString(cp);
        symbolIds.put(s, symbols.size());
        symbols.add(s);
      }
    });
    if (specialTokens.size() + symbols.size() > vocabSize) {
      throw new IllegalArgumentException("Invalid vocabulary size " + vocabSize + ": the training text has "
          + symbols.size() + " characters seen at least " + minFrequency + " times, plus "
          + specialTokens.size() + " special tokens");
    }
    symbols.forEach(s -> vocab.putIfAbsent(s, vocab.size()));

    // Words as symbol ids (-1: a character outside the alphabet, which no pair includes), sorted for determinism.
    List<String> distinct = new ArrayList<>(new TreeMap<>(wordCounts).keySet());
    int[][] words = new int[distinct.size()][];
    long[] counts = new long[distinct.size()];
    for (int w = 0; w < words.length; w++) {
      String word = distinct.get(w);
      words[w] = word.codePoints().map(cp -> symbolIds.getOrDefault(Character.toString(cp), -1)).toArray();
      counts[w] = wordCounts.get(word);
    }
    Map<Long, Long> pairCounts = new HashMap<>();
    Map<Long, Set<Integer>> pairWords = new HashMap<>();
    for (int w = 0; w < words.length; w++) {
      int[] s = words[w];
      for (int i = 0; i + 1 < s.length; i++) {
        if (s[i] >= 0 && s[i + 1] >= 0) {
          long key = key(s[i], s[i + 1]);
          pairCounts.merge(key, counts[w], Long::sum);
          pairWords.computeIfAbsent(key, k -> new HashSet<>()).add(w);
        }
      }
    }
    PriorityQueue<Candidate> queue = new PriorityQueue<>();
    pairCounts.forEach((k, n) -> queue.add(new Candidate(k, n, symbols)));

    List<String[]> merges = new ArrayList<>();
    while (vocab.size() < vocabSize && !queue.isEmpty()) {
      Candidate best = queue.poll();
      Long current = pairCounts.get(best.key);
      if (current == null || current != best.count) {
        continue; // stale: the pair's count changed since this entry was queued
      }
      if (best.count < minFrequency) {
        break;
      }
      int a = (int) (best.key >>> 32);
      int b = (int) best.key;
      String merged = symbols.get(a) + symbols.get(b);
      Integer c = symbolIds.get(merged);
      if (c == null) {
        c = symbols.size();
        symbols.add(merged);
        symbolIds.put(merged, c);
      }
      merges.add(new String[] {symbols.get(a), symbols.get(b)});
      vocab.putIfAbsent(merged, vocab.size());
      Map<Long, Long> delta = new HashMap<>();
      for (int w : pairWords.remove(best.key)) {
        int[] before = words[w];
        int[] after = merge(before, a, b, c);
        if (after.length == before.length) {
          continue;
        }
        addPairs(before, -counts[w], delta, null, w);
        addPairs(after, counts[w], delta, pairWords, w);
        words[w] = after;
      }
      pairCounts.remove(best.key);
      delta.forEach((k, d) -> {
        if (d != 0 && k != best.key) {
          long n = pairCounts.merge(k, d, Long::sum);
          if (n <= 0) {
            pairCounts.remove(k);
          } else {
            queue.add(new Candidate(k, n, symbols));
          }
        }
      });
    }
    return new Bpe(vocab, merges);
  }

  private static int[] merge(int[] s, int a, int b, int c) {
    int[] out = new int[s.length];
    int n = 0;
    for (int i = 0; i < s.length; i++) {
      if (i + 1 < s.length && s[i] == a && s[i + 1] == b) {
        out[n++] = c;
        i++;
      } else {
        out[n++] = s[i];
      }
    }
    return n == s.length ? s : Arrays.copyOf(out, n);
  }

  private static void addPairs(int[] s, long n, Map<Long, Long> delta, Map<Long, Set<Integer>> where, int w) {
    for (int i = 0; i + 1 < s.length; i++) {
      if (s[i] >= 0 && s[i + 1] >= 0) {
        long key = key(s[i], s[i + 1]);
        delta.merge(key, n, Long::sum);
        if (where != null) {
          where.computeIfAbsent(key, k -> new HashSet<>()).add(w);
        }
      }
    }
  }

  private static long key(int a, int b) {
    return (long) a << 32 | (b & 0xffffffffL);
  }

  /** A queued pair: higher count first, then the pair whose left, then right, symbol sorts first. */
  private static final class Candidate implements Comparable<Candidate> {
    final long key;
    final long count;
    final String left;
    final String right;

    Candidate(long key, long count, List<String> symbols) {
      this.key = key;
      this.count = count;
      this.left = symbols.get((int) (key >>> 32));
      this.right = symbols.get((int) key);
    }

    @Override
    public int compareTo(Candidate o) {
      int c = Long.compare(o.count, count);
      if (c != 0) {
        return c;
      }
      c = left.compareTo(o.left);
      return c != 0 ? c : right.compareTo(o.right);
    }
  }
}
