package dev.shears.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Finds the swept fields of an experiment spec, to show each trial's values of them. */
public final class SweepParams {
  private static final Set<String> KINDS = Set.of("grid", "list", "random", "zip");

  private SweepParams() {}

  /** The JSON pointers of every sweep in the spec, in document order. */
  public static List<String> pointers(JsonNode spec) {
    List<String> out = new ArrayList<>();
    walk(spec, "", out);
    return out;
  }

  /** The values a resolved trial spec has at the given pointers, keyed by dotted path. */
  public static Map<String, JsonNode> values(JsonNode trialSpec, List<String> pointers) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (String p : pointers) {
      out.put(p.substring(1).replace('/', '.'), trialSpec.at(p));
    }
    return out;
  }

  /**
   * The trial spec that {@code experimentSpec} becomes with each swept field (a dotted path, as in a trial's
   * {@code params}) set to its value.
   */
  public static ObjectNode apply(JsonNode experimentSpec, Map<String, JsonNode> params) {
    ObjectNode out = experimentSpec != null && experimentSpec.isObject() ? (ObjectNode) experimentSpec.deepCopy()
        : JsonNodeFactory.instance.objectNode();
    params.forEach((path, value) -> {
      String[] parts = path.split("\\.");
      ObjectNode node = out;
      for (int i = 0; i < parts.length - 1; i++) {
        JsonNode child = node.get(parts[i]);
        node = child instanceof ObjectNode o ? o : node.putObject(parts[i]);
      }
      node.set(parts[parts.length - 1], value);
    });
    return out;
  }

  private static void walk(JsonNode node, String pointer, List<String> out) {
    if (node == null || !node.isObject()) {
      return;
    }
    if (!pointer.isEmpty() && node.size() == 1 && KINDS.contains(node.fieldNames().next())) {
      out.add(pointer);
      return;
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      walk(field.getValue(), pointer + "/" + field.getKey(), out);
    }
  }
}
