package dev.shears.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a Hugging Face tokenizers {@code tokenizer.json} with a WordLevel model: lowercase
 * normaliser, whitespace/punctuation pre-tokeniser, {@code </s>} appended to every sequence (T5
 * style), {@code <pad>}, {@code </s>} and {@code <unk>} as the special tokens at ids 0, 1, 2.
 * Loadable by DJL's {@code HuggingFaceTokenizer} and by Python {@code tokenizers}.
 */
public final class WordLevelTokenizer {
  /** File name expected beside config.json. */
  public static final String FILE_NAME = "tokenizer.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private WordLevelTokenizer() {}

  /** Writes {@code tokens} (id order; the first three are pad, eos, unk) as a tokenizer.json. */
  public static void write(Path file, List<String> tokens) throws IOException {
    Files.writeString(file, toJson(tokens), StandardCharsets.UTF_8);
  }

  /** The tokenizer.json text for {@code tokens}. */
  public static String toJson(List<String> tokens) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    for (int i = 0; i < 3; i++) {
      ObjectNode t = added.addObject();
      t.put("id", i);
      t.put("content", tokens.get(i));
      t.put("single_word", false);
      t.put("lstrip", false);
      t.put("rstrip", false);
      t.put("normalized", false);
      t.put("special", true);
    }
    root.putObject("normalizer").put("type", "Lowercase");
    root.putObject("pre_tokenizer").put("type", "Whitespace");
    ObjectNode post = root.putObject("post_processor");
    post.put("type", "TemplateProcessing");
    ArrayNode single = post.putArray("single");
    single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
    single.addObject().putObject("SpecialToken").put("id", tokens.get(1)).put("type_id", 0);
    ArrayNode pair = post.putArray("pair");
    pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
    pair.addObject().putObject("SpecialToken").put("id", tokens.get(1)).put("type_id", 0);
    pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 0);
    pair.addObject().putObject("SpecialToken").put("id", tokens.get(1)).put("type_id", 0);
    ObjectNode special = post.putObject("special_tokens").putObject(tokens.get(1));
    special.put("id", tokens.get(1));
    special.putArray("ids").add(1);
    special.putArray("tokens").add(tokens.get(1));
    root.putNull("decoder");
    ObjectNode model = root.putObject("model");
    model.put("type", "WordLevel");
    ObjectNode vocab = model.putObject("vocab");
    for (int i = 0; i < tokens.size(); i++) {
      vocab.put(tokens.get(i), i);
    }
    model.put("unk_token", tokens.get(2));
    try {
      return JSON.writeValueAsString(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
