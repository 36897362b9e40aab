package dev.shears.evaluator.metrics;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * WordNet synonym look-up as NLTK's METEOR performs it: {@code wordnet.synsets(word)} over nouns,
 * verbs, adjectives and adverbs, each through NLTK's {@code _morphy} (exception list, else one round
 * of suffix substitutions, keeping the forms that are in the index), and the names of those synsets'
 * lemmas that contain no underscore.
 *
 * <p>Reads the Princeton WordNet 3.0 database files ({@code index.*}, {@code data.*}, {@code *.exc})
 * as shipped in the {@code net.sf.extjwnl:extjwnl-data-wn30} jar, or from a directory. Immutable
 * after loading apart from a concurrent look-up cache; thread-safe.
 */
public final class WordNetSynonyms {

  /** The class-path folder of the extjwnl WordNet 3.0 data jar. */
  public static final String CLASSPATH_ROOT = "net/sf/extjwnl/data/wordnet/wn30/";

  private static final String[] POS = {"n", "v", "a", "r"};
  private static final Map<String, String> FILES = Map.of("n", "noun", "v", "verb", "a", "adj", "r", "adv");
  private static final Map<String, String[][]> SUBSTITUTIONS = Map.of(
      "n", new String[][] {{"s", ""}, {"ses", "s"}, {"ves", "f"}, {"xes", "x"}, {"zes", "z"}, {"ches", "ch"},
          {"shes", "sh"}, {"men", "man"}, {"ies", "y"}},
      "v", new String[][] {{"s", ""}, {"ies", "y"}, {"es", "e"}, {"es", ""}, {"ed", "e"}, {"ed", ""},
          {"ing", "e"}, {"ing", ""}},
      "a", new String[][] {{"er", ""}, {"est", ""}, {"er", "e"}, {"est", "e"}},
      "r", new String[][] {});

  /** How to open one database file by name ({@code index.noun}, …). */
  @FunctionalInterface
  public interface Source {
    /** Opens the named file. */
    InputStream open(String name) throws IOException;
  }

  private final Map<String, Map<String, int[]>> index = new HashMap<>();
  private final Map<String, Map<String, List<String>>> exceptions = new HashMap<>();
  private final Map<String, byte[]> data = new HashMap<>();
  private final Map<String, Set<String>> cache = new ConcurrentHashMap<>();

  private WordNetSynonyms(Source source) throws IOException {
    for (String pos : POS) {
      String file = FILES.get(pos);
      index.put(pos, readIndex(readAll(source, "index." + file), "index." + file));
      exceptions.put(pos, readExceptions(source, file + ".exc"));
      // A synset's offset is the byte offset of its line in data.<pos>: lines are parsed when looked up.
      data.put(pos, readAll(source, "data." + file));
    }
  }

  /**
   * Loads WordNet 3.0 from the class path (the extjwnl-data-wn30 jar).
   *
   * @throws IllegalStateException when the data files are not on the class path
   */
  public static WordNetSynonyms fromClasspath() {
    ClassLoader loader = WordNetSynonyms.class.getClassLoader();
    try {
      return new WordNetSynonyms(name -> {
        InputStream in = loader.getResourceAsStream(CLASSPATH_ROOT + name);
        if (in == null) {
          throw new IllegalStateException("WordNet file " + CLASSPATH_ROOT + name
              + " is not on the class path: add net.sf.extjwnl:extjwnl-data-wn30");
        }
        return in;
      });
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read WordNet from the class path", e);
    }
  }

  /** Loads a WordNet database directory (the Princeton {@code dict/} layout). */
  public static WordNetSynonyms fromDirectory(Path dir) throws IOException {
    return new WordNetSynonyms(name -> {
      Path file = dir.resolve(name);
      if (!Files.isRegularFile(file)) {
        throw new IOException("WordNet file " + file + " is missing");
      }
      return Files.newInputStream(file);
    });
  }

  /**
   * The lemma names (without underscores) of every synset of {@code word}, lower-cased first, as NLTK's
   * METEOR collects them. Does not add the word itself.
   */
  public Set<String> synonyms(String word) {
    return cache.computeIfAbsent(word.toLowerCase(java.util.Locale.ROOT), this::lookUp);
  }

  private Set<String> lookUp(String lemma) {
    Set<String> names = new LinkedHashSet<>();
    for (String pos : POS) {
      for (String form : morphy(lemma, pos)) {
        int[] offsets = index.get(pos).get(form);
        for (int offset : offsets) {
          for (String name : lemmaNames(pos, offset, form)) {
            names.add(name);
          }
        }
      }
    }
    return Set.copyOf(names);
  }

  /** NLTK's {@code _morphy}: exceptions, else one round of substitutions; forms in the index, in order. */
  private List<String> morphy(String form, String pos) {
    List<String> candidates = new ArrayList<>();
    candidates.add(form);
    List<String> exception = exceptions.get(pos).get(form);
    if (exception != null) {
      candidates.addAll(exception);
    } else {
      for (String[] sub : SUBSTITUTIONS.get(pos)) {
        if (form.endsWith(sub[0])) {
          candidates.add(form.substring(0, form.length() - sub[0].length()) + sub[1]);
        }
      }
    }
    Map<String, int[]> posIndex = index.get(pos);
    List<String> found = new ArrayList<>();
    for (String candidate : candidates) {
      if (posIndex.containsKey(candidate) && !found.contains(candidate)) {
        found.add(candidate);
      }
    }
    return found;
  }

  /** Lemma → synset offsets, from the bytes of an index file (ASCII, one lemma per line). */
  private static Map<String, int[]> readIndex(byte[] bytes, String name) throws IOException {
    Map<String, int[]> out = new HashMap<>(1 << 17);
    int lineNo = 0;
    List<String> tokens = new ArrayList<>();
    for (int start = 0; start < bytes.length; ) {
      int end = start;
      while (end < bytes.length && bytes[end] != '\n') {
        end++;
      }
      lineNo++;
      if (end > start && bytes[start] != ' ') {
        tokens.clear();
        int t = start;
        while (t < end) {
          while (t < end && (bytes[t] == ' ' || bytes[t] == '\r')) {
            t++;
          }
          int u = t;
          while (u < end && bytes[u] != ' ' && bytes[u] != '\r') {
            u++;
          }
          if (u > t) {
            tokens.add(new String(bytes, t, u - t, StandardCharsets.ISO_8859_1));
          }
          t = u;
        }
        try {
          int synsets = Integer.parseInt(tokens.get(2));
          int pointers = Integer.parseInt(tokens.get(3));
          int first = 4 + pointers + 2;
          int[] offsets = new int[synsets];
          for (int k = 0; k < synsets; k++) {
            offsets[k] = Integer.parseInt(tokens.get(first + k));
          }
          out.put(tokens.get(0), offsets);
        } catch (RuntimeException e) {
          throw new IOException("WordNet " + name + " line " + lineNo + " is malformed", e);
        }
      }
      start = end + 1;
    }
    return out;
  }

  /** The lemma names without underscores of the synset at {@code offset} of data.{@code pos}. */
  private List<String> lemmaNames(String pos, int offset, String form) {
    byte[] bytes = data.get(pos);
    String file = "data." + FILES.get(pos);
    if (offset < 0 || offset >= bytes.length || (offset > 0 && bytes[offset - 1] != '\n')) {
      throw new IllegalStateException("WordNet index." + FILES.get(pos) + " names synset " + offset + " for '"
          + form + "', which is not a line start in " + file);
    }
    int end = offset;
    while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '|') {
      end++;
    }
    String[] t = new String(bytes, offset, end - offset, StandardCharsets.ISO_8859_1).split(" ");
    if (Integer.parseInt(t[0]) != offset) {
      throw new IllegalStateException(file + " line at byte " + offset + " holds synset " + t[0]);
    }
    int words = Integer.parseInt(t[3], 16);
    List<String> names = new ArrayList<>(words);
    for (int k = 0; k < words; k++) {
      String word = t[4 + 2 * k];
      int paren = word.indexOf('(');
      if (paren > 0 && word.endsWith(")")) {
        word = word.substring(0, paren);
      }
      if (word.indexOf('_') < 0) {
        names.add(word);
      }
    }
    return names;
  }

  private static byte[] readAll(Source source, String name) throws IOException {
    try (InputStream in = source.open(name)) {
      return in.readAllBytes();
    }
  }

  private static Map<String, List<String>> readExceptions(Source source, String name) throws IOException {
    Map<String, List<String>> out = new HashMap<>();
    try (BufferedReader in = reader(source, name)) {
      for (String line; (line = in.readLine()) != null; ) {
        String[] t = line.trim().split("\\s+");
        if (t.length > 0 && !t[0].isEmpty()) {
          out.put(t[0], List.of(t).subList(1, t.length));
        }
      }
    }
    return out;
  }

  private static BufferedReader reader(Source source, String name) throws IOException {
    return new BufferedReader(new InputStreamReader(source.open(name), StandardCharsets.UTF_8), 1 << 16);
  }
}
