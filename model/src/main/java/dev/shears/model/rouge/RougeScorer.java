package dev.shears.model.rouge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * ROUGE with the semantics of Google's {@code rouge_score} ({@code RougeScorer.score(target,
 * prediction)}): n-gram overlap with clipped counts, LCS over the whole text for {@code rougeL}, and
 * for {@code rougeLsum} the summary-level union LCS of Lin (2004, §3.2) over sentences split on
 * {@code '\n'}, with token counts preventing a token from being matched twice.
 *
 * <p>Tokens are interned to ints so that n-gram counting is a sort-and-merge and the LCS tables are
 * int arrays; a corpus is scored on all cores, one workspace per thread. The scorer itself is
 * immutable and thread-safe.
 */
public final class RougeScorer {

  private final List<RougeType> types;
  private final PorterStemmer stemmer;

  /**
   * A scorer.
   *
   * @param types      the ROUGE variants to compute
   * @param useStemmer Porter-stem tokens longer than three characters, as {@code use_stemmer=True}
   */
  public RougeScorer(List<RougeType> types, boolean useStemmer) {
    if (types == null || types.isEmpty()) {
      throw new IllegalArgumentException("Invalid value " + types + " for ROUGE types: name at least one");
    }
    this.types = List.copyOf(types);
    this.stemmer = useStemmer ? new PorterStemmer() : null;
  }

  /** The variants computed. */
  public List<RougeType> types() {
    return types;
  }

  /** Scores one pair; {@code reference} is rouge_score's {@code target}. */
  public Map<RougeType, Prf> score(String reference, String prediction) {
    return new Workspace().score(reference, prediction);
  }

  /**
   * Scores aligned lists of references and predictions, in parallel.
   *
   * @return per pair, each variant's score (same order as the input)
   * @throws IllegalArgumentException when the lists differ in length
   */
  public List<Map<RougeType, Prf>> scoreAll(List<String> references, List<String> predictions) {
    if (references.size() != predictions.size()) {
      throw new IllegalArgumentException("ROUGE needs one prediction per reference: " + predictions.size()
          + " predictions, " + references.size() + " references");
    }
    int size = references.size();
    @SuppressWarnings("unchecked")
    Map<RougeType, Prf>[] out = new Map[size];
    int parts = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), size / 64));
    IntStream.range(0, parts).parallel().forEach(part -> {
      Workspace ws = new Workspace();
      int from = (int) ((long) size * part / parts);
      int to = (int) ((long) size * (part + 1) / parts);
      for (int i = from; i < to; i++) {
        out[i] = ws.score(references.get(i), predictions.get(i));
      }
    });
    return Arrays.asList(out);
  }

  /**
   * Per-example F1 of each variant over a corpus, for means and bootstrap intervals.
   *
   * @throws IllegalArgumentException when the lists differ in length
   */
  public ExampleScores f1Scores(List<String> references, List<String> predictions) {
    List<Map<RougeType, Prf>> all = scoreAll(references, predictions);
    Map<String, double[]> byName = new LinkedHashMap<>();
    for (RougeType type : types) {
      double[] values = new double[all.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = all.get(i).get(type).fmeasure();
      }
      byName.put(type.name(), values);
    }
    return new ExampleScores(byName);
  }

  private static boolean isAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /** {@code text[from, to)} lower-cased; the range holds only ASCII letters and digits. */
  private static String lowerAscii(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        char[] chars = text.substring(from, to).toCharArray();
        for (int k = 0; k < chars.length; k++) {
          if (chars[k] >= 'A' && chars[k] <= 'Z') {
            chars[k] = (char) (chars[k] + ('a' - 'A'));
          }
        }
        return new String(chars);
      }
    }
    return text.substring(from, to);
  }

  /**
   * Open-addressing map from a token, given as a range of ASCII letters and digits in some text and
   * compared case-insensitively, to an int; avoids a String per token occurrence.
   */
  private static final class TokenTable {
    private char[] chars = new char[1 << 14];
    private int used;
    private int[] starts = new int[1 << 10];
    private int[] lengths = new int[1 << 10];
    private int[] values = new int[1 << 10];
    private int size;
    private int[] slots = newSlots(1 << 11);

    private static int[] newSlots(int n) {
      int[] s = new int[n];
      Arrays.fill(s, -1);
      return s;
    }

    private static char lower(char c) {
      return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    private static int hash(String text, int from, int to) {
      int h = 0;
      for (int i = from; i < to; i++) {
        h = 31 * h + lower(text.charAt(i));
      }
      return h ^ (h >>> 16);
    }

    int get(String text, int from, int to) {
      int mask = slots.length - 1;
      for (int slot = hash(text, from, to) & mask; ; slot = (slot + 1) & mask) {
        int e = slots[slot];
        if (e < 0) {
          return -1;
        }
        if (matches(e, text, from, to)) {
          return values[e];
        }
      }
    }

    private boolean matches(int e, String text, int from, int to) {
      if (lengths[e] != to - from) {
        return false;
      }
      int at = starts[e];
      for (int i = from; i < to; i++) {
        if (chars[at++] != lower(text.charAt(i))) {
          return false;
        }
      }
      return true;
    }

    void put(String text, int from, int to, int value) {
      if (size == values.length) {
        starts = Arrays.copyOf(starts, size * 2);
        lengths = Arrays.copyOf(lengths, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      if (used + (to - from) > chars.length) {
        chars = Arrays.copyOf(chars, Math.max(chars.length * 2, used + (to - from)));
      }
      starts[size] = used;
      lengths[size] = to - from;
      values[size] = value;
      for (int i = from; i < to; i++) {
        chars[used++] = lower(text.charAt(i));
      }
      insert(size, hash(text, from, to));
      size++;
      if (size * 2 > slots.length) {
        int[] old = slots;
        slots = newSlots(old.length * 2);
        for (int e : old) {
          if (e >= 0) {
            insert(e, hashStored(e));
          }
        }
      }
    }

    private int hashStored(int e) {
      int h = 0;
      for (int i = starts[e]; i < starts[e] + lengths[e]; i++) {
        h = 31 * h + chars[i];
      }
      return h ^ (h >>> 16);
    }

    private void insert(int e, int hash) {
      int mask = slots.length - 1;
      int slot = hash & mask;
      while (slots[slot] >= 0) {
        slot = (slot + 1) & mask;
      }
      slots[slot] = e;
    }
  }

  /** Per-thread scratch: token ids (stemmed on first sight), and reusable DP buffers. */
  private final class Workspace {
    /** Raw lower-case token (a char range of the text) → id of its (stemmed) form, without substrings. */
    private final TokenTable rawIds = new TokenTable();
    /** Token form (after stemming) → id. */
    private final Map<String, Integer> formIds = new HashMap<>();
    private int[] table = new int[1024];
    private int[] refCounts = new int[256];
    private int[] candCounts = new int[256];
    private int[] buffer = new int[256];

    Map<RougeType, Prf> score(String reference, String prediction) {
      // Each text is tokenised once, per newline-separated sentence; the whole text's tokens are the
      // sentences' tokens in order, since a newline separates tokens like any other non-alphanumeric.
      List<int[]> refSentences = sentences(reference);
      List<int[]> predSentences = sentences(prediction);
      Map<RougeType, Prf> result = new LinkedHashMap<>();
      int[] ref = null;
      int[] pred = null;
      for (RougeType type : types) {
        Prf prf;
        if (type.summaryLevel()) {
          prf = summaryLevelLcs(refSentences, predSentences);
        } else {
          if (ref == null) {
            ref = concat(refSentences);
            pred = concat(predSentences);
          }
          prf = type.n() == 0 ? lcs(ref, pred) : ngrams(ref, pred, type.n());
        }
        result.put(type, prf);
      }
      return result;
    }

    private int id(String text, int from, int to) {
      int id = rawIds.get(text, from, to);
      if (id < 0) {
        String raw = lowerAscii(text, from, to);
        String form = stemmer != null && raw.length() > 3 ? stemmer.stem(raw) : raw;
        id = formIds.computeIfAbsent(form, f -> formIds.size());
        rawIds.put(text, from, to, id);
      }
      return id;
    }

    /**
     * rouge_score's {@code get_sents} (split on newlines, drop empty strings) and tokenizer (lower-case,
     * runs of [a-z0-9]) in one pass: the ids of each sentence's tokens.
     */
    private List<int[]> sentences(String text) {
      String lower = isAscii(text) ? text : text.toLowerCase(Locale.ROOT);
      List<int[]> out = new ArrayList<>();
      int count = 0;
      int start = -1;
      boolean sentenceHasChars = false;
      int n = lower.length();
      for (int i = 0; i <= n; i++) {
        char c = i < n ? lower.charAt(i) : '\n';
        if (c >= 'A' && c <= 'Z') {
          c = (char) (c + ('a' - 'A'));
        }
        boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (alnum) {
          if (start < 0) {
            start = i;
          }
        } else if (start >= 0) {
          if (count == buffer.length) {
            buffer = Arrays.copyOf(buffer, count * 2);
          }
          buffer[count++] = id(lower, start, i);
          start = -1;
        }
        if (c == '\n') {
          if (sentenceHasChars) {
            out.add(Arrays.copyOf(buffer, count));
          }
          count = 0;
          sentenceHasChars = false;
        } else {
          sentenceHasChars = true;
        }
      }
      return out;
    }

    private int[] concat(List<int[]> sentences) {
      int total = 0;
      for (int[] s : sentences) {
        total += s.length;
      }
      int[] out = new int[total];
      int at = 0;
      for (int[] s : sentences) {
        System.arraycopy(s, 0, out, at, s.length);
        at += s.length;
      }
      return out;
    }

    private Prf ngrams(int[] ref, int[] pred, int n) {
      int refCount = Math.max(0, ref.length - n + 1);
      int predCount = Math.max(0, pred.length - n + 1);
      int overlap = n <= 2 ? overlapSorted(ref, pred, n) : overlapHashed(ref, pred, n);
      return Prf.of((double) overlap / Math.max(predCount, 1), (double) overlap / Math.max(refCount, 1));
    }

    private int overlapSorted(int[] ref, int[] pred, int n) {
      long[] a = keys(ref, n);
      long[] b = keys(pred, n);
      Arrays.sort(a);
      Arrays.sort(b);
      int i = 0;
      int j = 0;
      int overlap = 0;
      while (i < a.length && j < b.length) {
        if (a[i] == b[j]) {
          overlap++;
          i++;
          j++;
        } else if (a[i] < b[j]) {
          i++;
        } else {
          j++;
        }
      }
      return overlap;
    }

    private long[] keys(int[] tokens, int n) {
      long[] keys = new long[Math.max(0, tokens.length - n + 1)];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = n == 1 ? tokens[i] : ((long) tokens[i] << 32) | tokens[i + 1];
      }
      return keys;
    }

    private int overlapHashed(int[] ref, int[] pred, int n) {
      Map<List<Integer>, Integer> refGrams = new HashMap<>();
      for (int i = 0; i + n <= ref.length; i++) {
        refGrams.merge(gram(ref, i, n), 1, Integer::sum);
      }
      Map<List<Integer>, Integer> predGrams = new HashMap<>();
      for (int i = 0; i + n <= pred.length; i++) {
        predGrams.merge(gram(pred, i, n), 1, Integer::sum);
      }
      int overlap = 0;
      for (Map.Entry<List<Integer>, Integer> e : refGrams.entrySet()) {
        overlap += Math.min(e.getValue(), predGrams.getOrDefault(e.getKey(), 0));
      }
      return overlap;
    }

    private List<Integer> gram(int[] tokens, int from, int n) {
      Integer[] g = new Integer[n];
      for (int k = 0; k < n; k++) {
        g[k] = tokens[from + k];
      }
      return List.of(g);
    }

    private Prf lcs(int[] ref, int[] pred) {
      if (ref.length == 0 || pred.length == 0) {
        return Prf.ZERO;
      }
      int length = fillTable(ref, pred);
      return Prf.of((double) length / pred.length, (double) length / ref.length);
    }

    /** Fills the (|ref|+1)×(|can|+1) LCS table, row-major, and returns the LCS length. */
    private int fillTable(int[] ref, int[] can) {
      int cols = can.length + 1;
      int cells = (ref.length + 1) * cols;
      if (table.length < cells) {
        table = new int[Math.max(cells, table.length * 2)];
      }
      int[] t = table;
      Arrays.fill(t, 0, cols, 0);
      for (int i = 1; i <= ref.length; i++) {
        int row = i * cols;
        int prev = row - cols;
        t[row] = 0;
        int r = ref[i - 1];
        for (int j = 1; j < cols; j++) {
          t[row + j] = r == can[j - 1] ? t[prev + j - 1] + 1 : Math.max(t[prev + j], t[row + j - 1]);
        }
      }
      return t[ref.length * cols + can.length];
    }

    /** rouge_score's {@code _backtrack_norec}: marks the ref indices of one LCS, with its tie-breaking. */
    private void markLcs(int[] ref, int[] can, boolean[] marked) {
      fillTable(ref, can);
      int cols = can.length + 1;
      int i = ref.length;
      int j = can.length;
      while (i > 0 && j > 0) {
        if (ref[i - 1] == can[j - 1]) {
          marked[i - 1] = true;
          i--;
          j--;
        } else if (table[i * cols + j - 1] > table[(i - 1) * cols + j]) {
          j--;
        } else {
          i--;
        }
      }
    }

    private Prf summaryLevelLcs(List<int[]> refSentences, List<int[]> canSentences) {
      if (refSentences.isEmpty() || canSentences.isEmpty()) {
        return Prf.ZERO;
      }
      int m = 0;
      int n = 0;
      for (int[] s : refSentences) {
        m += s.length;
      }
      for (int[] s : canSentences) {
        n += s.length;
      }
      if (m == 0 || n == 0) {
        return Prf.ZERO;
      }
      ensureCounts(formIds.size());
      for (int[] s : refSentences) {
        for (int t : s) {
          refCounts[t]++;
        }
      }
      for (int[] s : canSentences) {
        for (int t : s) {
          candCounts[t]++;
        }
      }
      int hits = 0;
      for (int[] r : refSentences) {
        boolean[] union = new boolean[r.length];
        for (int[] c : canSentences) {
          markLcs(r, c, union);
        }
        for (int i = 0; i < r.length; i++) {
          int t = r[i];
          if (union[i] && candCounts[t] > 0 && refCounts[t] > 0) {
            hits++;
            candCounts[t]--;
            refCounts[t]--;
          }
        }
      }
      for (int[] s : refSentences) {
        for (int t : s) {
          refCounts[t] = 0;
        }
      }
      for (int[] s : canSentences) {
        for (int t : s) {
          candCounts[t] = 0;
        }
      }
      return Prf.of((double) hits / n, (double) hits / m);
    }

    private void ensureCounts(int vocabulary) {
      if (refCounts.length < vocabulary) {
        int size = Math.max(vocabulary, refCounts.length * 2);
        refCounts = Arrays.copyOf(refCounts, size);
        candCounts = Arrays.copyOf(candCounts, size);
      }
    }
  }
}
