package dev.shears.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seq2seq dataset with train, validation and test splits.
 *
 * @param name {@code builtin:synthetic-summarize}, {@code builtin:synthetic-qa} or the JSONL path
 */
public record Seq2SeqDataset(
    String name, List<Seq2SeqExample> train, List<Seq2SeqExample> validation, List<Seq2SeqExample> test) {

  public Seq2SeqDataset {
    train = List.copyOf(train);
    validation = List.copyOf(validation);
    test = List.copyOf(test);
  }

  /** The split called {@code train}, {@code validation} or {@code test}. */
  public List<Seq2SeqExample> split(String split) {
    return switch (split) {
      case "train" -> train;
      case "validation" -> validation;
      case "test" -> test;
      default -> throw new IllegalArgumentException(
          "split: '" + split + "' is not train, validation or test");
    };
  }

  /**
   * Opens a dataset by reference: a built-in synthetic task (generated from {@code seed}), a
   * directory holding {@code train.jsonl}, {@code validation.jsonl} and {@code test.jsonl}, or one
   * JSONL file split 80/10/10 after a shuffle seeded by {@code seed}.
   */
  public static Seq2SeqDataset open(String ref, String inputField, String targetField, long seed) {
    if (ref.startsWith(BuiltinModels.PREFIX)) {
      return SyntheticTasks.load(ref, seed);
    }
    Path path = Path.of(ref);
    if (Files.isDirectory(path)) {
      return new Seq2SeqDataset(
          ref,
          JsonlDataset.read(path.resolve("train.jsonl"), inputField, targetField),
          JsonlDataset.read(path.resolve("validation.jsonl"), inputField, targetField),
          JsonlDataset.read(path.resolve("test.jsonl"), inputField, targetField));
    }
    List<Seq2SeqExample> all = new ArrayList<>(JsonlDataset.read(path, inputField, targetField));
    java.util.Collections.shuffle(all, new Random(seed));
    int n = all.size();
    int nVal = Math.max(n >= 10 ? 1 : 0, n / 10);
    int nTest = nVal;
    return new Seq2SeqDataset(
        ref, all.subList(0, n - nVal - nTest), all.subList(n - nVal - nTest, n - nTest),
        all.subList(n - nTest, n));
  }
}
