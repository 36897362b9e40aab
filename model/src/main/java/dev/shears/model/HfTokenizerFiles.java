package dev.shears.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code tokenizer_config.json} and {@code special_tokens_map.json} that let {@code AutoTokenizer} load a
 * directory's {@code tokenizer.json} as a fast tokenizer with T5's pad, EOS and unknown tokens, whatever the model
 * type in config.json.
 */
final class HfTokenizerFiles {
  static final String CONFIG_FILE = "tokenizer_config.json";
  static final String SPECIAL_TOKENS_FILE = "special_tokens_map.json";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private HfTokenizerFiles() {}

  /** Writes both files beside {@code dir}'s tokenizer.json, naming the tokens with ids {@code pad} and {@code eos}. */
  static void write(Path dir, int pad, int eos) throws IOException {
    Path tokenizer = dir.resolve(WordLevelTokenizer.FILE_NAME);
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(tokenizer, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ModelFormatException("Cannot read " + tokenizer + ": " + e.getMessage(), e);
    }
    String padToken = token(root, pad, tokenizer, "pad_token_id");
    String eosToken = token(root, eos, tokenizer, "eos_token_id");
    String unkToken = unknownToken(root);
    ObjectNode special = JSON.createObjectNode();
    special.put("eos_token", eosToken);
    special.put("pad_token", padToken);
    if (unkToken != null) {
      special.put("unk_token", unkToken);
    }
    ObjectNode config = special.deepCopy();
    config.put("tokenizer_class", "PreTrainedTokenizerFast");
    config.put("model_max_length", 512);
    config.put("padding_side", "right");
    config.put("clean_up_tokenization_spaces", false);
    Files.writeString(dir.resolve(SPECIAL_TOKENS_FILE), JSON.writeValueAsString(special), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve(CONFIG_FILE), JSON.writeValueAsString(config), StandardCharsets.UTF_8);
  }

  private static String token(JsonNode root, int id, Path file, String field) {
    for (JsonNode t : root.path("added_tokens")) {
      if (t.path("id").asInt(-1) == id) {
        return t.path("content").asText();
      }
    }
    JsonNode vocab = root.path("model").path("vocab");
    if (vocab.isObject()) {
      var it = vocab.fields();
      while (it.hasNext()) {
        var e = it.next();
        if (e.getValue().asInt(-1) == id) {
          return e.getKey();
        }
      }
    } else if (vocab.isArray() && id < vocab.size() && vocab.get(id).isArray()) {
      return vocab.get(id).get(0).asText();
    }
    throw new ModelFormatException(file + ": no token with id " + id + " (config.json " + field + ")");
  }

  private static String unknownToken(JsonNode root) {
    JsonNode model = root.path("model");
    if (model.hasNonNull("unk_token")) {
      return model.get("unk_token").asText();
    }
    JsonNode vocab = model.path("vocab");
    if (model.has("unk_id") && model.get("unk_id").isInt() && vocab.isArray()) {
      int id = model.get("unk_id").asInt();
      return id < vocab.size() ? vocab.get(id).get(0).asText() : null;
    }
    return null;
  }
}
