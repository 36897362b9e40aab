package dev.shears.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** HF goldens written by src/test/python/make_goldens.py. */
final class Golden {
  final Path dir;
  final JsonNode json;

  private Golden(Path dir, JsonNode json) {
    this.dir = dir;
    this.json = json;
  }

  static Golden load(String name) {
    try {
      Path dir = Path.of(Golden.class.getResource("/golden/" + name).toURI());
      return new Golden(dir, new ObjectMapper().readTree(dir.resolve("golden.json").toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  long[][] ints(String key) {
    JsonNode a = json.get(key);
    long[][] out = new long[a.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = new long[a.get(i).size()];
      for (int j = 0; j < out[i].length; j++) {
        out[i][j] = a.get(i).get(j).asLong();
      }
    }
    return out;
  }

  static float[] floats(JsonNode a) {
    float[] out = new float[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) a.get(i).asDouble();
    }
    return out;
  }

  float[] floats(String key) {
    return floats(json.get(key));
  }

  static List<int[]> tokenRows(JsonNode rows) {
    List<int[]> out = new ArrayList<>();
    for (JsonNode r : rows) {
      int[] t = new int[r.size()];
      for (int i = 0; i < t.length; i++) {
        t[i] = r.get(i).asInt();
      }
      out.add(t);
    }
    return out;
  }

  static long[] flatten(long[][] a) {
    int n = 0;
    for (long[] r : a) {
      n += r.length;
    }
    long[] out = new long[n];
    int k = 0;
    for (long[] r : a) {
      System.arraycopy(r, 0, out, k, r.length);
      k += r.length;
    }
    return out;
  }
}
