package dev.shears.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a model directory that the Hugging Face ecosystem uses as is: the model ({@link T5Model#save}: config.json,
 * model.safetensors, pruning.json and, for per-layer widths, the {@code shears_t5} modeling code), {@code
 * generation_config.json}, the tokenizer ({@code tokenizer.json}, {@code tokenizer_config.json}, {@code
 * special_tokens_map.json}) and a {@code README.md} model card.
 */
public final class HfExport {
  /** The generation config file name. */
  public static final String GENERATION_CONFIG_FILE = "generation_config.json";
  /** The model card file name. */
  public static final String CARD_FILE = "README.md";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private HfExport() {}

  /**
   * Writes {@code model} into {@code dir}.
   *
   * @param tokenizerFrom the model reference whose tokenizer the export carries: {@code builtin:*} or a directory
   *     holding {@code tokenizer.json}; null or a directory without one writes no tokenizer files
   * @param generation the decoding used in evaluation (beams, length)
   * @param card what the model card says
   */
  public static void write(T5Model model, Path dir, String tokenizerFrom, GenerationConfig generation, ModelCard card) {
    try {
      model.save(dir);
      writeGenerationConfig(model.config(), generation, dir.resolve(GENERATION_CONFIG_FILE));
      if (copyTokenizer(tokenizerFrom, dir)) {
        HfTokenizerFiles.write(dir, model.config().padTokenId(), model.config().eosTokenId());
      }
      Files.writeString(dir.resolve(CARD_FILE), card.render(model, generation), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the export " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Writes (or replaces) {@code dir}'s model card, e.g. once the export has been evaluated. */
  public static void writeCard(T5Model model, Path dir, GenerationConfig generation, ModelCard card) {
    try {
      Files.writeString(dir.resolve(CARD_FILE), card.render(model, generation), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the model card in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Puts {@code evaluation} into the model card {@link #write} left in {@code dir} (replacing its evaluation
   * section), through a temporary file and a rename, so a reader sees the old card or the new one.
   *
   * @throws UncheckedIOException when the card cannot be read or written
   * @throws IllegalArgumentException when {@code dir} holds no card with an evaluation section
   */
  public static void writeEvaluation(Path dir, ModelCard.Evaluation evaluation) {
    Path card = dir.resolve(CARD_FILE);
    if (!Files.isRegularFile(card)) {
      throw new IllegalArgumentException("No model card " + card + " to put the evaluation in");
    }
    Path temp = dir.resolve("." + CARD_FILE + ".tmp");
    try {
      String text = Files.readString(card, StandardCharsets.UTF_8);
      Files.writeString(temp, ModelCard.withEvaluation(text, evaluation), StandardCharsets.UTF_8);
      Files.move(temp, card, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot put the evaluation in the model card " + card + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // Only a leftover hidden file: the card itself is whole either way.
      }
    }
  }

  /**
   * The decoding a model directory's {@code generation_config.json} holds ({@code num_beams}, {@code max_new_tokens},
   * {@code length_penalty}, {@code early_stopping}; a missing field keeps {@code fallback}'s), or {@code fallback}
   * when there is none, so a model derived from it (pruned, re-exported) decodes as it did.
   *
   * @throws IllegalArgumentException naming the file and the field when a value is not a valid setting
   */
  public static GenerationConfig generationConfigIn(Path dir, GenerationConfig fallback) {
    Path file = dir.resolve(GENERATION_CONFIG_FILE);
    if (!Files.isRegularFile(file)) {
      return fallback;
    }
    try {
      JsonNode n = JSON.readTree(file.toFile());
      JsonNode stopping = n.path("early_stopping");
      return new GenerationConfig(n.path("num_beams").asInt(fallback.numBeams()),
          n.path("max_new_tokens").asInt(fallback.maxNewTokens()),
          n.path("length_penalty").asDouble(fallback.lengthPenalty()),
          stopping.isMissingNode() || stopping.isNull() ? fallback.earlyStopping()
              : GenerationConfig.EarlyStopping.parse(stopping.asText()),
          fallback.forceAllSteps(), fallback.useCache());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot be read: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** Whether a tokenizer.json is now in {@code dir}. */
  private static boolean copyTokenizer(String from, Path dir) throws IOException {
    Path target = dir.resolve(WordLevelTokenizer.FILE_NAME);
    if (from != null && from.startsWith(BuiltinModels.PREFIX)) {
      BuiltinModels.writeTokenizer(dir);
    } else if (from != null) {
      Path source = Path.of(from).resolve(WordLevelTokenizer.FILE_NAME);
      if (Files.isRegularFile(source) && !Files.isSameFile(Path.of(from), dir)) {
        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return Files.isRegularFile(target);
  }

  private static void writeGenerationConfig(T5Config c, GenerationConfig g, Path file) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("decoder_start_token_id", c.decoderStartTokenId());
    n.put("eos_token_id", c.eosTokenId());
    n.put("pad_token_id", c.padTokenId());
    n.put("num_beams", g.numBeams());
    n.put("max_new_tokens", g.maxNewTokens());
    n.put("length_penalty", g.lengthPenalty());
    switch (g.earlyStopping()) {
      case TRUE -> n.put("early_stopping", true);
      case FALSE -> n.put("early_stopping", false);
      case NEVER -> n.put("early_stopping", "never");
      default -> throw new IllegalStateException();
    }
    n.put("do_sample", false);
    Files.writeString(file, JSON.writeValueAsString(n), StandardCharsets.UTF_8);
  }
}
