package dev.shears.model;

import static dev.shears.model.BuiltinVocabulary.ADJECTIVES;
import static dev.shears.model.BuiltinVocabulary.ANIMALS;
import static dev.shears.model.BuiltinVocabulary.CITIES;
import static dev.shears.model.BuiltinVocabulary.COLORS;
import static dev.shears.model.BuiltinVocabulary.DAYS;
import static dev.shears.model.BuiltinVocabulary.JOBS;
import static dev.shears.model.BuiltinVocabulary.NAMES;
import static dev.shears.model.BuiltinVocabulary.NUMBERS;
import static dev.shears.model.BuiltinVocabulary.OBJECTS;
import static dev.shears.model.BuiltinVocabulary.PLACES;
import static dev.shears.model.BuiltinVocabulary.VERBS;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Deterministic synthetic seq2seq tasks over the built-in vocabulary, generated from a seed.
 *
 * <p>{@code builtin:synthetic-summarize}: a 3–6 sentence report in which one sentence states the
 * main event (who did what to how many of which things, where, when) among filler sentences, and
 * sometimes a second actor's event; the target restates the key content compactly ("anna sold five
 * apples in paris on monday and ben repaired boats"), so ROUGE rewards finding and copying it.
 *
 * <p>{@code builtin:synthetic-qa}: "question : … context : …" over 3–6 facts about different people
 * (where they live, their job, the colour of their animal, who owns which animal); the target is the
 * one-word answer, scored by EM/F1.
 */
public final class SyntheticTasks {
  /** Reference of the summarisation task. */
  public static final String SUMMARIZE = "builtin:synthetic-summarize";
  /** Reference of the question-answering task. */
  public static final String QA = "builtin:synthetic-qa";
  /** Default split sizes. */
  public static final int TRAIN = 2000;

  public static final int VALIDATION = 200;
  public static final int TEST = 200;

  private SyntheticTasks() {}

  /** Names of the built-in tasks. */
  public static List<String> names() {
    return List.of(SUMMARIZE, QA);
  }

  /** The named task with the default split sizes. */
  public static Seq2SeqDataset load(String name, long seed) {
    return load(name, seed, TRAIN, VALIDATION, TEST);
  }

  /** The named task with the given split sizes; each split has its own seeded stream. */
  public static Seq2SeqDataset load(String name, long seed, int train, int validation, int test) {
    boolean summarize;
    if (SUMMARIZE.equals(name)) {
      summarize = true;
    } else if (QA.equals(name)) {
      summarize = false;
    } else {
      throw new ModelFormatException("Unknown built-in dataset '" + name + "'; known: " + names());
    }
    return new Seq2SeqDataset(
        name,
        generate(summarize, new Random(seed * 1_000_003L + 1), train),
        generate(summarize, new Random(seed * 1_000_003L + 2), validation),
        generate(summarize, new Random(seed * 1_000_003L + 3), test));
  }

  private static List<Seq2SeqExample> generate(boolean summarize, Random r, int n) {
    List<Seq2SeqExample> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(summarize ? summary(r) : question(r));
    }
    return out;
  }

  static Seq2SeqExample summary(Random r) {
    List<String> people = pickDistinct(r, NAMES, 3);
    String name = people.get(0);
    String verb = pick(r, VERBS);
    String number = pick(r, NUMBERS);
    String objects = pick(r, OBJECTS);
    String city = pick(r, CITIES);
    String day = pick(r, DAYS);
    String place = pick(r, PLACES);
    List<String> sentences = new ArrayList<>();
    sentences.add(String.join(" ", name, verb, number, objects, "at the", place, "in", city, "on", day, "."));
    String target = String.join(" ", name, verb, number, objects, "in", city, "on", day);
    if (r.nextBoolean()) {
      String other = people.get(1);
      String verb2 = pick(r, VERBS);
      String objects2 = pick(r, OBJECTS);
      sentences.add(String.join(" ", other, "also", verb2, objects2, "."));
      target = target + " and " + other + " " + verb2 + " " + objects2;
    }
    int fillers = 2 + r.nextInt(3);
    for (int i = 0; i < fillers; i++) {
      sentences.add(filler(r, people.get(2)));
    }
    // the main event is never last-but-one fixed: shuffle, then keep the main event before its "also"
    Collections.shuffle(sentences, r);
    int main = indexStartingWith(sentences, name + " ");
    int also = indexStartingWith(sentences, people.get(1) + " also ");
    if (also >= 0 && also < main) {
      Collections.swap(sentences, also, main);
    }
    return new Seq2SeqExample("summarize : " + String.join(" ", sentences), target);
  }

  private static String filler(Random r, String bystander) {
    switch (r.nextInt(5)) {
      case 0:
        return "the weather in " + pick(r, CITIES) + " was " + pick(r, ADJECTIVES) + " .";
      case 1:
        return "many people visited the " + pick(r, PLACES) + " .";
      case 2:
        return bystander + " said that it was a " + pick(r, ADJECTIVES) + " day .";
      case 3:
        return "later the streets were " + pick(r, ADJECTIVES) + " .";
      default:
        return "the news reported the event near the " + pick(r, PLACES) + " .";
    }
  }

  static Seq2SeqExample question(Random r) {
    int facts = 3 + r.nextInt(4);
    List<String> people = pickDistinct(r, NAMES, facts);
    List<String> animals = pickDistinct(r, ANIMALS, facts);
    List<String> sentences = new ArrayList<>();
    List<String[]> qa = new ArrayList<>();
    for (int i = 0; i < facts; i++) {
      String p = people.get(i);
      switch (r.nextInt(3)) {
        case 0 -> {
          String city = pick(r, CITIES);
          sentences.add(p + " lives in " + city + " .");
          qa.add(new String[] {"where does " + p + " live ?", city});
        }
        case 1 -> {
          String job = pick(r, JOBS);
          sentences.add(p + " works as a " + job + " .");
          qa.add(new String[] {"what does " + p + " work as ?", job});
        }
        default -> {
          String color = pick(r, COLORS);
          String animal = animals.get(i);
          sentences.add(p + " owns a " + color + " " + animal + " .");
          qa.add(
              r.nextBoolean()
                  ? new String[] {"what color is the " + animal + " of " + p + " ?", color}
                  : new String[] {"who owns a " + color + " " + animal + " ?", p});
        }
      }
    }
    String[] asked = qa.get(r.nextInt(qa.size()));
    return new Seq2SeqExample("question : " + asked[0] + " context : " + String.join(" ", sentences), asked[1]);
  }

  private static int indexStartingWith(List<String> l, String prefix) {
    for (int i = 0; i < l.size(); i++) {
      if (l.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }

  private static String pick(Random r, List<String> words) {
    return words.get(r.nextInt(words.size()));
  }

  private static List<String> pickDistinct(Random r, List<String> words, int n) {
    List<String> copy = new ArrayList<>(words);
    Collections.shuffle(copy, r);
    return copy.subList(0, n);
  }
}
