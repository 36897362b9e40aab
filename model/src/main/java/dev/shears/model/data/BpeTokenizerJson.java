package dev.shears.model.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * Writes a learned BPE as a standard Hugging Face {@code tokenizer.json} for T5: NFKC, WhitespaceSplit then
 * Metaspace ({@code ▁} before every word, the Metaspace decoder restores the spaces), {@code </s>} appended to
 * every sequence, and T5's special ids: {@code <pad>} 0, {@code </s>} 1, {@code <unk>} 2. Beside it a {@code
 * tokenizer_config.json} so {@code transformers}' {@code AutoTokenizer} loads the directory.
 */
public final class BpeTokenizerJson {
  /** T5's special tokens, in id order. */
  public static final List<String> T5_SPECIAL_TOKENS = List.of("<pad>", "</s>", "<unk>");

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private BpeTokenizerJson() {}

  /** Writes {@code tokenizer.json} and {@code tokenizer_config.json} into {@code dir}, creating it. */
  public static void write(BpeTrainer.Bpe bpe, Path dir) {
    try {
      Files.createDirectories(dir);
      writeAtomically(dir.resolve("tokenizer.json"), toJson(bpe));
      ObjectNode config = JSON.createObjectNode();
      config.put("tokenizer_class", "PreTrainedTokenizerFast");
      config.put("pad_token", T5_SPECIAL_TOKENS.get(0));
      config.put("eos_token", T5_SPECIAL_TOKENS.get(1));
      config.put("unk_token", T5_SPECIAL_TOKENS.get(2));
      writeAtomically(dir.resolve("tokenizer_config.json"), JSON.writeValueAsString(config) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the tokenizer into " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The tokenizer.json text; the vocabulary's first three tokens must be T5's special tokens. */
  public static String toJson(BpeTrainer.Bpe bpe) {
    List<String> firstThree = bpe.vocab().keySet().stream().limit(3).toList();
    for (int i = 0; i < 3; i++) {
      if (!firstThree.get(i).equals(T5_SPECIAL_TOKENS.get(i)) || bpe.vocab().get(firstThree.get(i)) != i) {
        throw new IllegalArgumentException("The vocabulary must start with " + T5_SPECIAL_TOKENS + " at ids 0-2, got "
            + firstThree);
      }
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    for (int i = 0; i < 3; i++) {
      added.addObject().put("id", i).put("content", T5_SPECIAL_TOKENS.get(i)).put("single_word", false)
          .put("lstrip", false).put("rstrip", false).put("normalized", false).put("special", true);
    }
    root.putObject("normalizer").put("type", "NFKC");
    ObjectNode pre = root.putObject("pre_tokenizer");
    pre.put("type", "Sequence");
    ArrayNode steps = pre.putArray("pretokenizers");
    steps.addObject().put("type", "WhitespaceSplit");
    metaspace(steps.addObject());
    String eos = T5_SPECIAL_TOKENS.get(1);
    ObjectNode post = root.putObject("post_processor");
    post.put("type", "TemplateProcessing");
    ArrayNode single = post.putArray("single");
    single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
    single.addObject().putObject("SpecialToken").put("id", eos).put("type_id", 0);
    ArrayNode pair = post.putArray("pair");
    pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
    pair.addObject().putObject("SpecialToken").put("id", eos).put("type_id", 0);
    pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 0);
    pair.addObject().putObject("SpecialToken").put("id", eos).put("type_id", 0);
    ObjectNode special = post.putObject("special_tokens").putObject(eos);
    special.put("id", eos);
    special.putArray("ids").add(1);
    special.putArray("tokens").add(eos);
    metaspace(root.putObject("decoder"));
    ObjectNode model = root.putObject("model");
    model.put("type", "BPE");
    model.putNull("dropout");
    model.put("unk_token", T5_SPECIAL_TOKENS.get(2));
    model.putNull("continuing_subword_prefix");
    model.putNull("end_of_word_suffix");
    model.put("fuse_unk", true);
    model.put("byte_fallback", false);
    model.put("ignore_merges", false);
    ObjectNode vocab = model.putObject("vocab");
    for (Map.Entry<String, Integer> e : bpe.vocab().entrySet()) {
      vocab.put(e.getKey(), e.getValue());
    }
    ArrayNode merges = model.putArray("merges");
    for (String[] m : bpe.merges()) {
      merges.addArray().add(m[0]).add(m[1]);
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void metaspace(ObjectNode node) {
    node.put("type", "Metaspace").put("replacement", SubwordPreTokenizer.META).put("prepend_scheme", "always")
        .put("split", true);
  }

  private static void writeAtomically(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
