package dev.shears.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * Typed reads from one object of a spec that {@link SpecSchema} has already validated, so a read never fails: an
 * absent field (or an absent section) gives the default.
 */
final class Section {
  private final JsonNode node;
  private final Section fallback;

  private Section(JsonNode node, Section fallback) {
    this.node = node == null || !node.isObject() ? MissingNode.getInstance() : node;
    this.fallback = fallback;
  }

  /** The object at {@code name} of {@code root} (empty when absent). */
  static Section of(JsonNode root, String name) {
    return new Section(root == null ? null : root.get(name), null);
  }

  /**
   * This section, reading a field it lacks from {@code legacy} under the same name: how a method's own section
   * ({@code cofi:}) falls back on the {@code nash:} section that specs used for every method.
   */
  Section orElse(Section legacy) {
    return new Section(node, legacy);
  }

  Section child(String name) {
    return new Section(node.get(name), fallback == null ? null : fallback.child(name));
  }

  boolean has(String name) {
    JsonNode v = node.get(name);
    return v != null && !v.isNull() || fallback != null && fallback.has(name);
  }

  private JsonNode get(String name) {
    JsonNode v = node.get(name);
    return v != null && !v.isNull() ? v : fallback.get(name);
  }

  int integer(String name, int fallback) {
    return has(name) ? get(name).asInt() : fallback;
  }

  long longValue(String name, long fallback) {
    return has(name) ? get(name).asLong() : fallback;
  }

  double number(String name, double fallback) {
    return has(name) ? get(name).asDouble() : fallback;
  }

  String text(String name, String fallback) {
    return has(name) ? get(name).asText().trim() : fallback;
  }

  boolean bool(String name, boolean fallback) {
    return has(name) ? get(name).asBoolean() : fallback;
  }
}
