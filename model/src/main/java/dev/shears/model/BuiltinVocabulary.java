package dev.shears.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The closed word list of the built-in synthetic tasks and of {@code builtin:tiny-t5}'s tokenizer.
 * Ids: 0 {@code <pad>} (also the decoder start token), 1 {@code </s>}, 2 {@code <unk>}, then the
 * words in the order below.
 */
final class BuiltinVocabulary {
  static final String PAD = "<pad>";
  static final String EOS = "</s>";
  static final String UNK = "<unk>";

  static final List<String> NAMES = List.of(
      "anna", "ben", "carla", "david", "elena", "felix", "greta", "hugo", "iris", "jonas", "karin",
      "leo", "maria", "nils", "olga", "peter", "rosa", "sam", "tina", "victor");
  static final List<String> CITIES = List.of(
      "paris", "berlin", "madrid", "rome", "vienna", "prague", "lisbon", "oslo", "dublin", "athens",
      "warsaw", "zurich", "munich", "milan", "porto", "bergen");
  static final List<String> VERBS = List.of(
      "bought", "sold", "painted", "found", "built", "lost", "repaired", "delivered", "ordered",
      "collected", "cleaned", "carried");
  static final List<String> OBJECTS = List.of(
      "apples", "books", "chairs", "bikes", "lamps", "boxes", "tables", "shoes", "hats", "clocks",
      "boats", "cakes", "maps", "tickets");
  static final List<String> NUMBERS = List.of(
      "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve");
  static final List<String> DAYS = List.of(
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday");
  static final List<String> ADJECTIVES = List.of(
      "cold", "warm", "quiet", "busy", "bright", "dark", "windy", "calm", "long", "short");
  static final List<String> JOBS = List.of(
      "teacher", "doctor", "baker", "pilot", "farmer", "writer", "nurse", "driver", "painter", "chef");
  static final List<String> COLORS = List.of(
      "red", "blue", "green", "yellow", "black", "white", "brown", "grey");
  static final List<String> ANIMALS = List.of(
      "cat", "dog", "horse", "bird", "rabbit", "goat", "fish", "mouse");
  static final List<String> PLACES = List.of(
      "market", "station", "harbour", "library", "museum", "garden", "square", "bridge");
  static final List<String> FUNCTION_WORDS = List.of(
      "the", "a", "was", "were", "in", "on", "at", "of", "and", "said", "that", "it", "is", "as",
      "to", "many", "people", "visited", "weather", "day", "streets", "everyone", "later", "news",
      "reported", "event", "near", "lives", "works", "owns", "where", "does", "live", "what", "work",
      "color", "who", "which", "city", "question", "context", "summarize", "also", "there", "felt",
      ".", "?", ":", ",");

  private BuiltinVocabulary() {}

  /** All tokens in id order. */
  static List<String> tokens() {
    Set<String> all = new LinkedHashSet<>(List.of(PAD, EOS, UNK));
    for (List<String> l :
        List.of(NAMES, CITIES, VERBS, OBJECTS, NUMBERS, DAYS, ADJECTIVES, JOBS, COLORS, ANIMALS,
            PLACES, FUNCTION_WORDS)) {
      all.addAll(l);
    }
    return new ArrayList<>(all);
  }

  /** Vocabulary size of the built-in model: the token count rounded up to a multiple of 8. */
  static int modelVocabSize() {
    return (tokens().size() + 7) / 8 * 8;
  }
}
