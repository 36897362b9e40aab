package dev.shears.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a parsed envelope against the contract before it is bound to records, so that every problem is
 * reported with the path of the field at fault ({@code payload.gpus[0].memoryTotalMb}) rather than as a
 * binding stack trace. Unknown fields are allowed: a newer producer may add optional fields.
 */
public final class EventValidator {
  private final Map<Class<?>, RecordComponent[]> components = new ConcurrentHashMap<>();

  /** Every violation in {@code root}, or an empty list when it is a valid envelope of a known type. */
  public List<Violation> validate(JsonNode root) {
    List<Violation> out = new ArrayList<>();
    if (root == null || !root.isObject()) {
      out.add(new Violation("$", "must be a JSON object"));
      return out;
    }
    checkEnvelope(root, out);
    Class<? extends Event> type = root.path("type").isTextual() ? EventTypes.forName(root.get("type").asText()) : null;
    JsonNode payload = root.get("payload");
    if (type != null && payload != null && payload.isObject()) {
      checkRecord(type, payload, "payload", out);
    }
    return out;
  }

  private void checkEnvelope(JsonNode root, List<Violation> out) {
    JsonNode v = root.get("v");
    if (v == null || v.isNull()) {
      out.add(new Violation("v", "is required"));
    } else if (!v.isIntegralNumber() || v.asInt() < 1) {
      out.add(new Violation("v", "must be a positive integer, was " + v));
    } else if (v.asInt() > Envelope.CURRENT_VERSION) {
      out.add(new Violation("v", "schema version " + v.asInt() + " is newer than the supported "
          + Envelope.CURRENT_VERSION));
    }
    JsonNode type = root.get("type");
    if (type == null || type.isNull()) {
      out.add(new Violation("type", "is required"));
    } else if (!type.isTextual()) {
      out.add(new Violation("type", "must be a string"));
    } else if (EventTypes.forName(type.asText()) == null) {
      out.add(new Violation("type", "unknown event type '" + type.asText() + "'"));
    }
    requireText(root, "id", out);
    if (requireText(root, "ts", out)) {
      try {
        Instant.parse(root.get("ts").asText());
      } catch (DateTimeParseException e) {
        out.add(new Violation("ts", "must be an ISO-8601 instant, was '" + root.get("ts").asText() + "'"));
      }
    }
    optionalText(root, "experimentId", out);
    optionalText(root, "trialId", out);
    nonNegativeInteger(root, "attempt", out);
    nonNegativeInteger(root, "seq", out);
    JsonNode payload = root.get("payload");
    if (payload == null || payload.isNull()) {
      out.add(new Violation("payload", "is required"));
    } else if (!payload.isObject()) {
      out.add(new Violation("payload", "must be an object"));
    }
  }

  private void checkRecord(Class<?> type, JsonNode node, String path, List<Violation> out) {
    for (RecordComponent c : components.computeIfAbsent(type, Class::getRecordComponents)) {
      JsonNode value = node.get(c.getName());
      String at = path + "." + c.getName();
      if (value == null || value.isNull()) {
        if (c.getType().isPrimitive() || !c.isAnnotationPresent(Optional.class)) {
          out.add(new Violation(at, "is required"));
        }
        continue;
      }
      checkValue(c.getGenericType(), value, at, out);
    }
  }

  private void checkValue(Type type, JsonNode value, String at, List<Violation> out) {
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      Type[] args = p.getActualTypeArguments();
      if (List.class.isAssignableFrom(raw)) {
        if (!value.isArray()) {
          out.add(new Violation(at, "must be an array"));
          return;
        }
        for (int i = 0; i < value.size(); i++) {
          checkElement(args[0], value.get(i), at + "[" + i + "]", out);
        }
      } else if (Map.class.isAssignableFrom(raw)) {
        if (!value.isObject()) {
          out.add(new Violation(at, "must be an object"));
          return;
        }
        value.properties().forEach(e -> checkElement(args[1], e.getValue(), at + "." + e.getKey(), out));
      }
      return;
    }
    Class<?> c = (Class<?>) type;
    if (c == String.class) {
      if (!value.isTextual()) {
        out.add(new Violation(at, "must be a string"));
      }
    } else if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
      if (!value.isIntegralNumber()) {
        out.add(new Violation(at, "must be an integer, was " + value));
      } else if ((c == int.class || c == Integer.class) && !value.canConvertToInt()) {
        out.add(new Violation(at, "is out of range for an int"));
      }
    } else if (c == double.class || c == Double.class || c == float.class || c == Float.class) {
      if (!value.isNumber()) {
        out.add(new Violation(at, "must be a number, was " + value));
      }
    } else if (c == boolean.class || c == Boolean.class) {
      if (!value.isBoolean()) {
        out.add(new Violation(at, "must be true or false"));
      }
    } else if (c.isEnum()) {
      boolean known = false;
      for (Object constant : c.getEnumConstants()) {
        known |= ((Enum<?>) constant).name().equals(value.asText());
      }
      if (!value.isTextual() || !known) {
        out.add(new Violation(at, "must be one of " + List.of(c.getEnumConstants()) + ", was " + value));
      }
    } else if (c.isRecord()) {
      if (!value.isObject()) {
        out.add(new Violation(at, "must be an object"));
      } else {
        checkRecord(c, value, at, out);
      }
    }
    // JsonNode-typed components (resolved specs) accept any JSON value.
  }

  private void checkElement(Type type, JsonNode value, String at, List<Violation> out) {
    if (value == null || value.isNull()) {
      out.add(new Violation(at, "must not be null"));
    } else {
      checkValue(type, value, at, out);
    }
  }

  private static boolean requireText(JsonNode root, String field, List<Violation> out) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      out.add(new Violation(field, "is required"));
      return false;
    }
    if (!node.isTextual()) {
      out.add(new Violation(field, "must be a string"));
      return false;
    }
    return true;
  }

  private static void optionalText(JsonNode root, String field, List<Violation> out) {
    JsonNode node = root.get(field);
    if (node != null && !node.isNull() && !node.isTextual()) {
      out.add(new Violation(field, "must be a string or null"));
    }
  }

  private static void nonNegativeInteger(JsonNode root, String field, List<Violation> out) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      out.add(new Violation(field, "is required"));
    } else if (!node.isIntegralNumber() || node.asLong() < 0) {
      out.add(new Violation(field, "must be a non-negative integer, was " + node));
    }
  }
}
