package dev.shears.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * What survives in each layer of a (possibly pruned) T5, stored as {@code pruning.json} beside
 * {@code config.json}. Heads are ORIGINAL head indices (into the {@code num_heads} columns of the
 * relative-attention bias table, which keeps all original heads); FFN entries are original FFN
 * dimension indices. An empty list means the sublayer was removed and is skipped in the forward pass.
 * {@code decoderLayerMap[k]} is the original decoder layer that decoder block k was copied from.
 *
 * <p>Arrays are owned by the record: callers must not modify them.
 */
public record PruningInfo(
    int[][] encoderHeads,
    int[][] encoderFfnDims,
    int[][] decoderSelfHeads,
    int[][] decoderCrossHeads,
    int[][] decoderFfnDims,
    int[] decoderLayerMap) {

  /** File name beside config.json. */
  public static final String FILE_NAME = "pruning.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The layout of an unpruned model: every head and FFN dimension, identity layer map. */
  public static PruningInfo full(T5Config c) {
    return new PruningInfo(
        repeat(c.numLayers(), range(c.numHeads())),
        repeat(c.numLayers(), range(c.dFf())),
        repeat(c.numDecoderLayers(), range(c.numHeads())),
        repeat(c.numDecoderLayers(), range(c.numHeads())),
        repeat(c.numDecoderLayers(), range(c.dFf())),
        range(c.numDecoderLayers()));
  }

  /** Whether every head and FFN dimension of {@code c} is present (layer map aside). */
  public boolean isFull(T5Config c) {
    return equalsLayout(encoderHeads, c.numHeads())
        && equalsLayout(encoderFfnDims, c.dFf())
        && equalsLayout(decoderSelfHeads, c.numHeads())
        && equalsLayout(decoderCrossHeads, c.numHeads())
        && equalsLayout(decoderFfnDims, c.dFf());
  }

  /** Whether the decoder layer map is the identity over {@code c.numDecoderLayers()}. */
  public boolean identityLayerMap(T5Config c) {
    return Arrays.equals(decoderLayerMap, range(c.numDecoderLayers()));
  }

  private static boolean equalsLayout(int[][] layout, int n) {
    int[] all = range(n);
    for (int[] l : layout) {
      if (!Arrays.equals(l, all)) {
        return false;
      }
    }
    return true;
  }

  /** Checks layer counts and index ranges against {@code c}; the message names the pruning.json key. */
  public void validate(T5Config c) {
    check("encoderHeads", encoderHeads, c.numLayers(), c.numHeads());
    check("encoderFfnDims", encoderFfnDims, c.numLayers(), c.dFf());
    check("decoderSelfHeads", decoderSelfHeads, c.numDecoderLayers(), c.numHeads());
    check("decoderCrossHeads", decoderCrossHeads, c.numDecoderLayers(), c.numHeads());
    check("decoderFfnDims", decoderFfnDims, c.numDecoderLayers(), c.dFf());
    if (decoderLayerMap == null || decoderLayerMap.length != c.numDecoderLayers()) {
      throw new ModelFormatException(
          "pruning.json decoderLayerMap: expected " + c.numDecoderLayers() + " entries (num_decoder_layers)");
    }
  }

  private static void check(String key, int[][] layout, int layers, int width) {
    if (layout == null || layout.length != layers) {
      throw new ModelFormatException(
          "pruning.json " + key + ": expected " + layers + " layers, got "
              + (layout == null ? "none" : layout.length));
    }
    for (int l = 0; l < layers; l++) {
      int prev = -1;
      for (int v : layout[l]) {
        if (v <= prev || v >= width) {
          throw new ModelFormatException(
              "pruning.json " + key + "[" + l + "]: indices must be increasing and in [0, " + width
                  + "), got " + Arrays.toString(layout[l]));
        }
        prev = v;
      }
    }
  }

  /** Reads {@code pruning.json}. */
  public static PruningInfo read(Path file) {
    try {
      JsonNode n = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
      return new PruningInfo(
          matrix(n, "encoderHeads"),
          matrix(n, "encoderFfnDims"),
          matrix(n, "decoderSelfHeads"),
          matrix(n, "decoderCrossHeads"),
          matrix(n, "decoderFfnDims"),
          vector(n.path("decoderLayerMap"), "decoderLayerMap"));
    } catch (IOException e) {
      throw new ModelFormatException("Cannot read " + file + ": " + e.getMessage(), e);
    } catch (ModelFormatException e) {
      throw new ModelFormatException(file + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code pruning.json}. */
  public void write(Path file) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("format", 1);
    put(n, "encoderHeads", encoderHeads);
    put(n, "encoderFfnDims", encoderFfnDims);
    put(n, "decoderSelfHeads", decoderSelfHeads);
    put(n, "decoderCrossHeads", decoderCrossHeads);
    put(n, "decoderFfnDims", decoderFfnDims);
    ArrayNode map = n.putArray("decoderLayerMap");
    Arrays.stream(decoderLayerMap).forEach(map::add);
    Files.writeString(file, JSON.writeValueAsString(n), StandardCharsets.UTF_8);
  }

  private static void put(ObjectNode n, String key, int[][] m) {
    ArrayNode outer = n.putArray(key);
    for (int[] row : m) {
      ArrayNode a = outer.addArray();
      Arrays.stream(row).forEach(a::add);
    }
  }

  private static int[][] matrix(JsonNode n, String key) {
    JsonNode m = n.path(key);
    if (!m.isArray()) {
      throw new ModelFormatException("pruning.json " + key + ": expected a list of lists of integers");
    }
    int[][] out = new int[m.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = vector(m.get(i), key + "[" + i + "]");
    }
    return out;
  }

  private static int[] vector(JsonNode a, String key) {
    if (!a.isArray()) {
      throw new ModelFormatException("pruning.json " + key + ": expected a list of integers");
    }
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      if (!a.get(i).isIntegralNumber()) {
        throw new ModelFormatException("pruning.json " + key + ": " + a.get(i) + " is not an integer");
      }
      out[i] = a.get(i).intValue();
    }
    return out;
  }

  static int[] range(int n) {
    return IntStream.range(0, n).toArray();
  }

  private static int[][] repeat(int layers, int[] row) {
    int[][] out = new int[layers][];
    for (int i = 0; i < layers; i++) {
      out[i] = row.clone();
    }
    return out;
  }
}
