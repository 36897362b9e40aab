package dev.shears.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one-pass decoder for well-formed envelopes, the telemetry hot path: it streams the envelope fields and
 * binds the payload straight from the parser. It is at least as strict as {@link EventValidator} (every creator
 * property present, no scalar coercion) and gives up — returning null — on anything unusual, so that the
 * validating path produces the precise error.
 */
final class FastEnvelopeReader {
  private final ObjectMapper mapper;
  private final Map<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();

  FastEnvelopeReader(ObjectMapper base) {
    JsonMapper strict = ((JsonMapper) base.copy()).rebuild()
        .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .build();
    strict.coercionConfigDefaults()
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    this.mapper = strict;
  }

  /** The envelope, or null when the value needs the validating path. */
  Envelope read(byte[] value) {
    try (JsonParser p = mapper.createParser(value)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      int v = -1;
      int attempt = -1;
      long seq = -1;
      String type = null;
      String id = null;
      Instant ts = null;
      String experimentId = null;
      String trialId = null;
      Event payload = null;
      for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        String name = p.currentName();
        JsonToken token = p.nextToken();
        switch (name) {
          case "v" -> v = token == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : -1;
          case "type" -> type = token == JsonToken.VALUE_STRING ? p.getText() : null;
          case "id" -> id = token == JsonToken.VALUE_STRING ? p.getText() : null;
          case "ts" -> ts = token == JsonToken.VALUE_STRING ? IsoInstants.parse(p.getText()) : null;
          case "experimentId" -> experimentId = textOrNull(p, token);
          case "trialId" -> trialId = textOrNull(p, token);
          case "attempt" -> attempt = token == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : -1;
          case "seq" -> seq = token == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
          case "payload" -> {
            Class<? extends Event> c = type == null ? null : EventTypes.forName(type);
            if (c == null || token != JsonToken.START_OBJECT) {
              return null;
            }
            payload = readers.computeIfAbsent(c, mapper::readerFor).readValue(p);
          }
          default -> p.skipChildren();
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null || v < 1 || v > Envelope.CURRENT_VERSION
          || id == null || ts == null || attempt < 0 || seq < 0 || payload == null) {
        return null;
      }
      return new Envelope(v, type, id, ts, experimentId, trialId, attempt, seq, payload);
    } catch (Exception anyProblem) {
      return null;
    }
  }

  private static String textOrNull(JsonParser p, JsonToken token) throws java.io.IOException {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.VALUE_STRING) {
      throw new IllegalArgumentException("not a string");
    }
    return p.getText();
  }
}
