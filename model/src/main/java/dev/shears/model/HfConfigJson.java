package dev.shears.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code config.json} of an export that stock Hugging Face {@code transformers} loads. A model whose layers all
 * keep every head and FFN dimension, with a decoder no deeper than the encoder, is a plain {@code t5}; any other
 * shape is a {@code shears_t5}, whose per-layer widths the shipped {@code modeling_shears_t5.py} reads (loaded with
 * {@code trust_remote_code=True}). Both carry {@code decoder_layer_map}, so the layout survives a load and {@code
 * save_pretrained} in transformers even without {@code pruning.json}.
 */
public final class HfConfigJson {
  /** The model_type of exports that need the shipped modeling code. */
  public static final String MODEL_TYPE = "shears_t5";
  /** The configuration source shipped beside a {@code shears_t5} export. */
  public static final String CONFIGURATION_FILE = "configuration_shears_t5.py";
  /** The modeling source shipped beside a {@code shears_t5} export. */
  public static final String MODELING_FILE = "modeling_shears_t5.py";

  static final String ENCODER_HEADS = "encoder_attention_heads_kept";
  static final String ENCODER_FFN = "encoder_ffn_widths";
  static final String DECODER_SELF_HEADS = "decoder_self_attention_heads_kept";
  static final String DECODER_CROSS_HEADS = "decoder_cross_attention_heads_kept";
  static final String DECODER_FFN = "decoder_ffn_widths";
  static final String LAYER_MAP = "decoder_layer_map";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private HfConfigJson() {}

  /**
   * Whether stock {@code T5ForConditionalGeneration} can run {@code c} with {@code layout}: full widths everywhere,
   * and a decoder no deeper than the encoder (transformers sizes the generation cache from {@code num_layers}).
   */
  public static boolean loadsAsStockT5(T5Config c, PruningInfo layout) {
    return layout.isFull(c) && c.numDecoderLayers() <= c.numLayers();
  }

  /** The config.json text for {@code c} with {@code layout}. */
  public static String toJson(T5Config c, PruningInfo layout) {
    ObjectNode n;
    try {
      n = (ObjectNode) JSON.readTree(c.toJson());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    n.set(LAYER_MAP, ints(layout.decoderLayerMap()));
    if (!loadsAsStockT5(c, layout)) {
      n.putArray("architectures").add("ShearsT5ForConditionalGeneration");
      n.put("model_type", MODEL_TYPE);
      ObjectNode autoMap = n.putObject("auto_map");
      autoMap.put("AutoConfig", "configuration_shears_t5.ShearsT5Config");
      autoMap.put("AutoModelForSeq2SeqLM", "modeling_shears_t5.ShearsT5ForConditionalGeneration");
      n.set(ENCODER_HEADS, matrix(layout.encoderHeads()));
      n.set(ENCODER_FFN, widths(layout.encoderFfnDims()));
      n.set(DECODER_SELF_HEADS, matrix(layout.decoderSelfHeads()));
      n.set(DECODER_CROSS_HEADS, matrix(layout.decoderCrossHeads()));
      n.set(DECODER_FFN, widths(layout.decoderFfnDims()));
    }
    try {
      return JSON.writeValueAsString(n);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The layout recorded in a config.json written by {@link #toJson} (and kept by transformers' {@code
   * save_pretrained}), or null when it records none. FFN widths carry no original indices, so the kept FFN
   * dimensions come back as {@code 0..width-1}.
   */
  public static PruningInfo layoutFrom(String configJson, T5Config c) {
    JsonNode n;
    try {
      n = JSON.readTree(configJson);
    } catch (IOException e) {
      throw new ModelFormatException("config.json is not valid JSON: " + e.getMessage(), e);
    }
    if (!n.has(ENCODER_HEADS) && !n.has(LAYER_MAP)) {
      return null;
    }
    PruningInfo full = PruningInfo.full(c);
    return new PruningInfo(
        n.has(ENCODER_HEADS) ? readMatrix(n, ENCODER_HEADS) : full.encoderHeads(),
        n.has(ENCODER_FFN) ? readWidths(n, ENCODER_FFN) : full.encoderFfnDims(),
        n.has(DECODER_SELF_HEADS) ? readMatrix(n, DECODER_SELF_HEADS) : full.decoderSelfHeads(),
        n.has(DECODER_CROSS_HEADS) ? readMatrix(n, DECODER_CROSS_HEADS) : full.decoderCrossHeads(),
        n.has(DECODER_FFN) ? readWidths(n, DECODER_FFN) : full.decoderFfnDims(),
        n.has(LAYER_MAP) ? readInts(n.get(LAYER_MAP), LAYER_MAP) : full.decoderLayerMap());
  }

  /** The Python sources a {@code shears_t5} export ships, by file name. */
  public static List<String> remoteCodeFiles() {
    return List.of(CONFIGURATION_FILE, MODELING_FILE);
  }

  private static ArrayNode ints(int[] v) {
    ArrayNode a = JSON.createArrayNode();
    Arrays.stream(v).forEach(a::add);
    return a;
  }

  private static ArrayNode matrix(int[][] m) {
    ArrayNode a = JSON.createArrayNode();
    for (int[] row : m) {
      a.add(ints(row));
    }
    return a;
  }

  private static ArrayNode widths(int[][] m) {
    ArrayNode a = JSON.createArrayNode();
    for (int[] row : m) {
      a.add(row.length);
    }
    return a;
  }

  private static int[][] readMatrix(JsonNode n, String key) {
    JsonNode m = n.get(key);
    if (!m.isArray()) {
      throw new ModelFormatException("config.json " + key + ": expected a list of lists of integers");
    }
    int[][] out = new int[m.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = readInts(m.get(i), key + "[" + i + "]");
    }
    return out;
  }

  private static int[][] readWidths(JsonNode n, String key) {
    int[] w = readInts(n.get(key), key);
    int[][] out = new int[w.length][];
    for (int i = 0; i < w.length; i++) {
      if (w[i] < 0) {
        throw new ModelFormatException("config.json " + key + "[" + i + "]: width " + w[i] + " is negative");
      }
      out[i] = PruningInfo.range(w[i]);
    }
    return out;
  }

  private static int[] readInts(JsonNode a, String key) {
    if (a == null || !a.isArray()) {
      throw new ModelFormatException("config.json " + key + ": expected a list of integers");
    }
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      if (!a.get(i).isIntegralNumber()) {
        throw new ModelFormatException("config.json " + key + ": " + a.get(i) + " is not an integer");
      }
      out[i] = a.get(i).intValue();
    }
    return out;
  }
}
