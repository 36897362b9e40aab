package dev.shears.evaluator.quality;

import dev.shears.model.Seq2SeqDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens evaluation data by reference: a JSONL file of evaluation examples (all of it; target field a string
 * or a list of acceptable strings), or a dataset the model module knows ({@code builtin:synthetic-summarize},
 * {@code builtin:synthetic-qa}, a directory of splits), whose test split is used.
 */
public final class EvalData {

  private EvalData() {}

  /**
   * The examples.
   *
   * @param ref         file, directory or builtin name
   * @param inputField  JSONL input field
   * @param targetField JSONL target field
   * @param limit       at most this many examples (0 = all)
   * @param seed        seed of generated or shuffled datasets
   */
  public static List<EvalExample> open(String ref, String inputField, String targetField, int limit, long seed)
      throws IOException {
    if (!ref.startsWith("builtin:") && Files.isRegularFile(Path.of(ref))) {
      return new EvalDataset().read(Path.of(ref), inputField, targetField, limit);
    }
    if (!ref.startsWith("builtin:") && !Files.exists(Path.of(ref))) {
      throw new java.nio.file.NoSuchFileException(ref, null, "evaluation data not found");
    }
    return testSplit(ref, inputField, targetField, limit, seed);
  }

  /**
   * The test split of a training dataset exactly as the trainer splits it (the model module's
   * {@code Seq2SeqDataset.open}: builtin tasks, a directory of splits, or one JSONL file split 80/10/10
   * after a seeded shuffle), so a trial is never evaluated on its own training examples. A limit keeps
   * {@link #spread} examples of a split read from files.
   */
  public static List<EvalExample> testSplit(String ref, String inputField, String targetField, int limit, long seed) {
    List<EvalExample> all = Seq2SeqDataset.open(ref, inputField, targetField, seed).split("test").stream()
        .map(e -> new EvalExample(e.input(), List.of(e.target()))).toList();
    if (all.isEmpty()) {
      throw new IllegalArgumentException("Dataset " + ref + " has no test examples");
    }
    if (limit <= 0 || all.size() <= limit) {
      return all;
    }
    // A generated split is in random order already; its first examples are as good a sample as any.
    return ref.startsWith("builtin:") ? all.subList(0, limit) : spread(all, limit);
  }

  /**
   * {@code limit} examples evenly spread over {@code all} (every (n/limit)-th, in order). Split files are often
   * sorted: {@code shears data debian-descriptions} writes them by package name, so the first 128 of its test split
   * are packages from "4ti2" to "elpa-…" only (no lib*, python3-*, …), and the teacher scores a third lower on them
   * than on the whole split.
   */
  static <T> List<T> spread(List<T> all, int limit) {
    List<T> out = new ArrayList<>(limit);
    for (int i = 0; i < limit; i++) {
      out.add(all.get((int) ((long) i * all.size() / limit)));
    }
    return out;
  }
}
