package dev.shears.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A {@code tokenizer.json} read through DJL's {@link HuggingFaceTokenizer}, fully offline. {@link
 * #encode} applies the file's post-processor (for T5 and the built-in tokenizer: appends {@code
 * </s>}); {@link #decode} drops special tokens. Thread-safe.
 */
public final class T5Tokenizer implements AutoCloseable {
  private final HuggingFaceTokenizer tokenizer;

  private T5Tokenizer(HuggingFaceTokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  /** Loads {@code path}: a tokenizer.json file, or a model directory holding one. */
  public static T5Tokenizer load(Path path) {
    Path file = Files.isDirectory(path) ? path.resolve(WordLevelTokenizer.FILE_NAME) : path;
    if (!Files.isRegularFile(file)) {
      throw new ModelFormatException("Missing tokenizer file " + file);
    }
    try (InputStream in = Files.newInputStream(file)) {
      return new T5Tokenizer(HuggingFaceTokenizer.newInstance(in, options()));
    } catch (IOException | RuntimeException e) {
      throw new ModelFormatException("Cannot load tokenizer " + file + ": " + e.getMessage(), e);
    }
  }

  /** The built-in word-level tokenizer of {@code builtin:tiny-t5} and the synthetic tasks. */
  public static T5Tokenizer builtin() {
    byte[] json = WordLevelTokenizer.toJson(BuiltinVocabulary.tokens()).getBytes(StandardCharsets.UTF_8);
    try (InputStream in = new ByteArrayInputStream(json)) {
      return new T5Tokenizer(HuggingFaceTokenizer.newInstance(in, options()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The tokenizer for a model reference: {@code builtin:*} gets {@link #builtin()}, a directory its
   * {@code tokenizer.json}.
   */
  public static T5Tokenizer forModel(String ref) {
    return ref.startsWith(BuiltinModels.PREFIX) ? builtin() : load(Path.of(ref));
  }

  private static Map<String, String> options() {
    return Map.of("addSpecialTokens", "true", "truncation", "false", "padding", "false");
  }

  /** Token ids of {@code text}, with the post-processor's special tokens. */
  public int[] encode(String text) {
    Encoding e = tokenizer.encode(text);
    long[] ids = e.getIds();
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = (int) ids[i];
    }
    return out;
  }

  /** Text of {@code ids}, special tokens (pad, EOS, ...) removed. */
  public String decode(int[] ids) {
    long[] l = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      l[i] = ids[i];
    }
    return tokenizer.decode(l, true);
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
