package dev.shears.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The architecture of a T5 model, as in Hugging Face's {@code config.json}.
 *
 * <p>{@code tieWordEmbeddings} means the LM head shares {@code shared.weight}; {@code
 * scaleDecoderOutputs} means the decoder output is multiplied by {@code dModel^-0.5} before the LM
 * head (T5 v1.0). transformers 4.x writes both meanings into {@code tie_word_embeddings};
 * transformers 5.x always writes {@code tie_word_embeddings: true} and keeps the scaling in {@code
 * scale_decoder_outputs}. {@link #fromJson} reads both; whether the head is really tied is decided
 * at load time by the presence of {@code lm_head.weight} in the checkpoint.
 *
 * @param feedForwardProj {@code relu}, {@code gelu}, {@code gelu_new}, {@code silu}, each optionally
 *     prefixed by {@code gated-}; {@code gated-gelu} uses {@code gelu_new} as in HF
 */
public record T5Config(
    int vocabSize,
    int dModel,
    int dKv,
    int dFf,
    int numLayers,
    int numDecoderLayers,
    int numHeads,
    int relativeAttentionNumBuckets,
    int relativeAttentionMaxDistance,
    double dropoutRate,
    double layerNormEpsilon,
    double initializerFactor,
    String feedForwardProj,
    boolean tieWordEmbeddings,
    boolean scaleDecoderOutputs,
    int padTokenId,
    int eosTokenId,
    int decoderStartTokenId) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Set<String> ACTIVATIONS = Set.of("relu", "gelu", "gelu_new", "silu");

  /** Validates every field; the message names the offending {@code config.json} key. */
  public T5Config {
    List<String> problems = new ArrayList<>();
    positive(problems, "vocab_size", vocabSize);
    positive(problems, "d_model", dModel);
    positive(problems, "d_kv", dKv);
    positive(problems, "d_ff", dFf);
    positive(problems, "num_layers", numLayers);
    positive(problems, "num_decoder_layers", numDecoderLayers);
    positive(problems, "num_heads", numHeads);
    positive(problems, "relative_attention_num_buckets", relativeAttentionNumBuckets);
    positive(problems, "relative_attention_max_distance", relativeAttentionMaxDistance);
    if (!(dropoutRate >= 0 && dropoutRate < 1)) {
      problems.add("dropout_rate: " + dropoutRate + " must be in [0, 1)");
    }
    if (!(layerNormEpsilon > 0)) {
      problems.add("layer_norm_epsilon: " + layerNormEpsilon + " must be > 0");
    }
    if (feedForwardProj == null || !ACTIVATIONS.contains(activationOf(feedForwardProj))) {
      problems.add(
          "feed_forward_proj: unknown value '"
              + feedForwardProj
              + "'; expected relu, gelu, gelu_new or silu, optionally prefixed by 'gated-'");
    }
    for (String[] id :
        new String[][] {
          {"pad_token_id", String.valueOf(padTokenId)},
          {"eos_token_id", String.valueOf(eosTokenId)},
          {"decoder_start_token_id", String.valueOf(decoderStartTokenId)}
        }) {
      int v = Integer.parseInt(id[1]);
      if (v < 0 || (vocabSize > 0 && v >= vocabSize)) {
        problems.add(id[0] + ": " + v + " is outside the vocabulary [0, " + vocabSize + ")");
      }
    }
    if (!problems.isEmpty()) {
      throw new ModelFormatException("Invalid T5 config: " + String.join("; ", problems));
    }
  }

  private static void positive(List<String> problems, String key, int value) {
    if (value <= 0) {
      problems.add(key + ": " + value + " must be > 0");
    }
  }

  private static String activationOf(String proj) {
    String act = proj.startsWith("gated-") ? proj.substring("gated-".length()) : proj;
    return "gated-gelu".equals(proj) ? "gelu_new" : act;
  }

  /** Whether the FFN is gated ({@code wi_0}, {@code wi_1}, {@code wo}) rather than {@code wi}, {@code wo}. */
  public boolean gated() {
    return feedForwardProj.startsWith("gated-");
  }

  /** The FFN activation name: relu, gelu, gelu_new or silu. */
  public String activation() {
    return activationOf(feedForwardProj);
  }

  /** Weight matrices per FFN dimension: 3 when gated, else 2 (the {@code m} of the sparsity formula). */
  public int ffnMatricesPerDim() {
    return gated() ? 3 : 2;
  }

  /** Returns a copy with another decoder depth. */
  public T5Config withNumDecoderLayers(int layers) {
    return new T5Config(
        vocabSize, dModel, dKv, dFf, numLayers, layers, numHeads, relativeAttentionNumBuckets,
        relativeAttentionMaxDistance, dropoutRate, layerNormEpsilon, initializerFactor,
        feedForwardProj, tieWordEmbeddings, scaleDecoderOutputs, padTokenId, eosTokenId,
        decoderStartTokenId);
  }

  /** Returns a copy whose LM head is tied ({@code true}) or separate. */
  public T5Config withTieWordEmbeddings(boolean tied) {
    return new T5Config(
        vocabSize, dModel, dKv, dFf, numLayers, numDecoderLayers, numHeads,
        relativeAttentionNumBuckets, relativeAttentionMaxDistance, dropoutRate, layerNormEpsilon,
        initializerFactor, feedForwardProj, tied, scaleDecoderOutputs, padTokenId, eosTokenId,
        decoderStartTokenId);
  }

  /** Reads {@code config.json}; errors name the file and the field. */
  public static T5Config read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ModelFormatException("Cannot read model config " + file + ": " + e.getMessage(), e);
    }
    try {
      return fromJson(text);
    } catch (ModelFormatException e) {
      throw new ModelFormatException(file + ": " + e.getMessage(), e);
    }
  }

  /** Parses HF {@code config.json} text. Missing optional keys take HF's T5 defaults. */
  public static T5Config fromJson(String json) {
    JsonNode n;
    try {
      n = JSON.readTree(json);
    } catch (IOException e) {
      throw new ModelFormatException("config.json is not valid JSON: " + e.getMessage(), e);
    }
    if (n == null || !n.isObject()) {
      throw new ModelFormatException("config.json must hold a JSON object");
    }
    int numLayers = integer(n, "num_layers", 6);
    boolean tie = bool(n, "tie_word_embeddings", true);
    boolean scale = n.has("scale_decoder_outputs") ? bool(n, "scale_decoder_outputs", tie) : tie;
    int pad = integer(n, "pad_token_id", 0);
    return new T5Config(
        integer(n, "vocab_size", 32128),
        integer(n, "d_model", 512),
        integer(n, "d_kv", 64),
        integer(n, "d_ff", 2048),
        numLayers,
        n.hasNonNull("num_decoder_layers") ? integer(n, "num_decoder_layers", numLayers) : numLayers,
        integer(n, "num_heads", 8),
        integer(n, "relative_attention_num_buckets", 32),
        integer(n, "relative_attention_max_distance", 128),
        number(n, "dropout_rate", 0.1),
        number(n, "layer_norm_epsilon", 1e-6),
        number(n, "initializer_factor", 1.0),
        text(n, "feed_forward_proj", "relu"),
        tie,
        scale,
        pad,
        firstInteger(n, "eos_token_id", 1),
        n.hasNonNull("decoder_start_token_id") ? integer(n, "decoder_start_token_id", pad) : pad);
  }

  /** HF-compatible {@code config.json} text (readable by transformers 4.x and 5.x). */
  public String toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.putArray("architectures").add("T5ForConditionalGeneration");
    n.put("model_type", "t5");
    n.put("is_encoder_decoder", true);
    n.put("vocab_size", vocabSize);
    n.put("d_model", dModel);
    n.put("d_kv", dKv);
    n.put("d_ff", dFf);
    n.put("num_layers", numLayers);
    n.put("num_decoder_layers", numDecoderLayers);
    n.put("num_heads", numHeads);
    n.put("relative_attention_num_buckets", relativeAttentionNumBuckets);
    n.put("relative_attention_max_distance", relativeAttentionMaxDistance);
    n.put("dropout_rate", dropoutRate);
    n.put("layer_norm_epsilon", layerNormEpsilon);
    n.put("initializer_factor", initializerFactor);
    n.put("feed_forward_proj", feedForwardProj);
    n.put("tie_word_embeddings", tieWordEmbeddings);
    n.put("scale_decoder_outputs", scaleDecoderOutputs);
    n.put("pad_token_id", padTokenId);
    n.put("eos_token_id", eosTokenId);
    n.put("decoder_start_token_id", decoderStartTokenId);
    n.put("use_cache", true);
    try {
      return JSON.writeValueAsString(n);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes {@code config.json}. */
  public void write(Path file) throws IOException {
    Files.writeString(file, toJson(), StandardCharsets.UTF_8);
  }

  private static int integer(JsonNode n, String key, int dflt) {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber()) {
      throw new ModelFormatException(key + ": expected an integer, got " + v);
    }
    return v.intValue();
  }

  private static int firstInteger(JsonNode n, String key, int dflt) {
    JsonNode v = n.get(key);
    if (v != null && v.isArray()) {
      if (v.isEmpty() || !v.get(0).isIntegralNumber()) {
        throw new ModelFormatException(key + ": expected an integer or a list of integers, got " + v);
      }
      return v.get(0).intValue();
    }
    return integer(n, key, dflt);
  }

  private static double number(JsonNode n, String key, double dflt) {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isNumber()) {
      throw new ModelFormatException(key + ": expected a number, got " + v);
    }
    return v.doubleValue();
  }

  private static boolean bool(JsonNode n, String key, boolean dflt) {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isBoolean()) {
      throw new ModelFormatException(key + ": expected true or false, got " + v);
    }
    return v.booleanValue();
  }

  private static String text(JsonNode n, String key, String dflt) {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isTextual()) {
      throw new ModelFormatException(key + ": expected a string, got " + v);
    }
    return v.textValue();
  }
}
