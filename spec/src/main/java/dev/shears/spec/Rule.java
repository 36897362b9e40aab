package dev.shears.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The schema of one spec value. Each rule checks a single (non-sweep) value and names what it expected. */
sealed interface Rule {

  /** What is wrong with {@code value}, or null when it is fine. */
  String check(JsonNode value);

  /** The rule as JSON, for forms: {@code {"type": "integer", "min": 1, "max": 1024}} and the like. */
  ObjectNode schema();

  private static ObjectNode type(String type) {
    return JsonNodeFactory.instance.objectNode().put("type", type);
  }

  /** A field of an object. */
  record Field(Rule rule, boolean required, boolean sweepable) {}

  /** An object with known fields; unknown fields are errors. */
  record Obj(Map<String, Field> fields) implements Rule {
    public Obj {
      fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    @Override
    public ObjectNode schema() {
      ObjectNode out = type("object");
      ObjectNode children = out.putObject("fields");
      fields.forEach((name, field) -> children.set(name, field.rule().schema()
          .put("required", field.required()).put("sweepable", field.sweepable())));
      return out;
    }

    @Override
    public String check(JsonNode value) {
      return value.isObject() ? null : "must be an object with fields " + fields.keySet() + ", was " + describe(value);
    }
  }

  /** An integer in [min, max]. */
  record Int(long min, long max) implements Rule {
    @Override
    public ObjectNode schema() {
      return type("integer").put("min", min).put("max", max);
    }

    @Override
    public String check(JsonNode value) {
      if (!value.isIntegralNumber() && !(value.isFloatingPointNumber() && isWhole(value.asDouble()))) {
        return "must be an integer, was " + describe(value);
      }
      if (!value.canConvertToLong()) {
        return "must be in [" + min + ", " + max + "], was " + value.asText();
      }
      long v = value.asLong();
      if (v < min || v > max) {
        return max == Long.MAX_VALUE ? "must be >= " + min + ", was " + v
            : "must be in [" + min + ", " + max + "], was " + v;
      }
      return null;
    }

    private static boolean isWhole(double d) {
      return Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 9.0e15;
    }
  }

  /** A finite number within bounds, each inclusive or not. */
  record Num(double min, boolean minInclusive, double max, boolean maxInclusive) implements Rule {
    @Override
    public ObjectNode schema() {
      return type("number").put("min", min).put("minInclusive", minInclusive).put("max", max)
          .put("maxInclusive", maxInclusive);
    }

    @Override
    public String check(JsonNode value) {
      if (!value.isNumber()) {
        return "must be a number, was " + describe(value);
      }
      double v = value.asDouble();
      if (!Double.isFinite(v)) {
        return "must be a finite number, was " + value.asText();
      }
      boolean low = minInclusive ? v >= min : v > min;
      boolean high = maxInclusive ? v <= max : v < max;
      if (!low || !high) {
        return "must be in " + (minInclusive ? "[" : "(") + fmt(min) + ", " + fmt(max)
            + (maxInclusive ? "]" : ")") + ", was " + value.asText();
      }
      return null;
    }

    private static String fmt(double d) {
      if (d == Double.MAX_VALUE) {
        return "inf";
      }
      if (d == -Double.MAX_VALUE) {
        return "-inf";
      }
      return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
  }

  /** One of a fixed set of strings. */
  record OneOf(Set<String> allowed) implements Rule {
    public OneOf {
      allowed = java.util.Collections.unmodifiableSet(new TreeSet<>(allowed));
    }

    @Override
    public ObjectNode schema() {
      ObjectNode out = type("choice");
      allowed.forEach(out.putArray("values")::add);
      return out;
    }

    @Override
    public String check(JsonNode value) {
      if (!value.isTextual()) {
        return "must be one of " + allowed + ", was " + describe(value);
      }
      return allowed.contains(value.asText()) ? null
          : "unknown value '" + value.asText() + "'; allowed: " + allowed;
    }
  }

  /** A non-blank string of bounded length. */
  record Text(int maxLength) implements Rule {
    @Override
    public ObjectNode schema() {
      return type("string").put("maxLength", maxLength);
    }

    @Override
    public String check(JsonNode value) {
      if (!value.isTextual()) {
        return "must be a string, was " + describe(value);
      }
      String s = value.asText();
      if (s.isBlank()) {
        return "must not be blank";
      }
      return s.length() > maxLength ? "must be at most " + maxLength + " characters, was " + s.length() : null;
    }
  }

  /** A boolean. */
  record Bool() implements Rule {
    @Override
    public ObjectNode schema() {
      return type("boolean");
    }

    @Override
    public String check(JsonNode value) {
      return value.isBoolean() ? null : "must be true or false, was " + describe(value);
    }
  }

  /**
   * A {@code builtin:} name from a fixed list, or a file system path that {@link PathResolver} confines to the
   * allowed roots of its kind.
   */
  record Location(String kind, List<String> builtins) implements Rule {
    @Override
    public ObjectNode schema() {
      ObjectNode out = type("location").put("kind", kind);
      builtins.forEach(out.putArray("builtins")::add);
      return out;
    }

    @Override
    public String check(JsonNode value) {
      if (!value.isTextual() || value.asText().isBlank()) {
        return "must be " + builtins + " or a path, was " + describe(value);
      }
      String s = value.asText();
      if (s.startsWith("builtin:") && !builtins.contains(s)) {
        return "unknown built-in " + kind + " '" + s + "'; built-ins: " + builtins;
      }
      return null;
    }
  }

  static String describe(JsonNode value) {
    if (value.isTextual()) {
      String s = value.asText();
      return "'" + (s.length() > 60 ? s.substring(0, 60) + "…" : s) + "'";
    }
    if (value.isContainerNode()) {
      return value.isArray() ? "an array" : "an object";
    }
    return value.isNull() ? "null" : value.asText();
  }
}
