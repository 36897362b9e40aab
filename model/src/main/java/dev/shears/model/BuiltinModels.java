package dev.shears.model;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Built-in models, addressed as {@code builtin:<name>}.
 *
 * <p>{@code builtin:tiny-t5}: a T5 v1.0 (ReLU FFN, tied and rescaled LM head) with d_model 128, 4
 * heads of 32, d_ff 512, a 6-layer encoder and a deep 12-layer decoder (so NASH's decoder-depth
 * effect shows), over the built-in word-level vocabulary; small enough to fine-tune on 2 CPU cores
 * in minutes.
 */
public final class BuiltinModels {
  /** Prefix of built-in references. */
  public static final String PREFIX = "builtin:";
  /** The tiny model's name. */
  public static final String TINY_T5 = "builtin:tiny-t5";

  private BuiltinModels() {}

  /** Names of the built-in models. */
  public static List<String> names() {
    return List.of(TINY_T5);
  }

  /** The architecture of {@code builtin:tiny-t5}. */
  public static T5Config tinyT5Config() {
    return new T5Config(
        BuiltinVocabulary.modelVocabSize(), 128, 32, 512, 6, 12, 4, 32, 128, 0.1, 1e-6, 1.0,
        "relu", true, true, 0, 1, 0);
  }

  /** Creates the named built-in model, initialised from {@code seed}. */
  public static T5Model create(String name, long seed, NDManager parent) {
    if (TINY_T5.equals(name)) {
      return Initializer.initialize(tinyT5Config(), seed, parent);
    }
    throw new ModelFormatException("Unknown built-in model '" + name + "'; known: " + names());
  }

  /**
   * Writes the built-in word-level {@code tokenizer.json} into {@code dir} (beside a saved built-in
   * model, so the directory is self-contained).
   */
  public static void writeTokenizer(Path dir) {
    try {
      WordLevelTokenizer.write(dir.resolve(WordLevelTokenizer.FILE_NAME), BuiltinVocabulary.tokens());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
