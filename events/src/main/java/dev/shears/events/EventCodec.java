package dev.shears.events;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * JSON encoding of {@link Envelope}s, UTF-8 throughout. Decoding validates first, so a bad record is
 * rejected with the path of the field at fault and the kind of problem that sends it to the dead-letter topic.
 * Thread-safe.
 */
public final class EventCodec {
  /** Largest record value accepted, in bytes (1 MiB). Larger values go to the dead-letter topic. */
  public static final int MAX_RECORD_BYTES = 1 << 20;

  /**
   * Largest dead letter, in bytes (4 MiB): a dead letter keeps the rejected value whole (base64), and that value
   * may itself be above {@link #MAX_RECORD_BYTES}, up to the topics' {@code max.message.bytes}.
   */
  public static final int MAX_DEAD_LETTER_BYTES = 4 << 20;

  private final ObjectMapper mapper;
  private final EventValidator validator = new EventValidator();
  private final FastEnvelopeReader fast;

  public EventCodec() {
    this(defaultMapper());
  }

  public EventCodec(ObjectMapper mapper) {
    this.mapper = mapper;
    this.fast = new FastEnvelopeReader(mapper);
  }

  /** The mapper the codec uses: ISO-8601 instants, unknown fields ignored, nesting bounded. */
  public static ObjectMapper defaultMapper() {
    JsonMapper mapper = JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
        .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
        .build();
    mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(64)
        .maxStringLength(MAX_DEAD_LETTER_BYTES)
        .build());
    return mapper;
  }

  /** The mapper, for callers that embed events in other JSON (REST bodies, dashboard streams). */
  public ObjectMapper mapper() {
    return mapper;
  }

  /**
   * Serialises an envelope.
   *
   * @throws IllegalArgumentException if the encoded value exceeds {@link #MAX_RECORD_BYTES}
   */
  public byte[] encode(Envelope envelope) {
    byte[] bytes;
    try {
      bytes = mapper.writeValueAsBytes(envelope);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot encode " + envelope.type(), e);
    }
    int limit = limitFor(envelope.type());
    if (bytes.length > limit) {
      throw new IllegalArgumentException(envelope.type() + " of trial " + envelope.trialId() + " encodes to "
          + bytes.length + " bytes, above the limit of " + limit);
    }
    return bytes;
  }

  /** The envelope as a JSON tree, e.g. for printing. */
  public ObjectNode toTree(Envelope envelope) {
    return mapper.valueToTree(envelope);
  }

  /**
   * Parses, validates and binds a record value.
   *
   * @throws InvalidEventException naming the kind of problem and the field at fault
   */
  public Envelope decode(byte[] value) throws InvalidEventException {
    if (value == null) {
      throw new InvalidEventException(InvalidEventException.Kind.MALFORMED_JSON, "$", "value is null (a tombstone)");
    }
    if (value.length > MAX_DEAD_LETTER_BYTES) {
      throw oversized(value.length, MAX_RECORD_BYTES);
    }
    if (value.length <= MAX_RECORD_BYTES) {
      Envelope envelope = fast.read(value);
      if (envelope != null) {
        return envelope;
      }
    }
    JsonNode root;
    try {
      root = mapper.readTree(value);
    } catch (IOException e) {
      if (value.length > MAX_RECORD_BYTES) {
        throw oversized(value.length, MAX_RECORD_BYTES);
      }
      throw new InvalidEventException(InvalidEventException.Kind.MALFORMED_JSON,
          List.of(new Violation("$", firstLine(e))), e);
    }
    int limit = limitFor(root.path("type").asText());
    if (value.length > limit) {
      throw oversized(value.length, limit);
    }
    return decode(root);
  }

  /** Validates and binds an already parsed envelope. */
  public Envelope decode(JsonNode root) throws InvalidEventException {
    if (root == null || root.isMissingNode()) {
      throw new InvalidEventException(InvalidEventException.Kind.MALFORMED_JSON, "$", "empty value");
    }
    List<Violation> violations = validator.validate(root);
    if (!violations.isEmpty()) {
      throw new InvalidEventException(kindOf(violations), violations, null);
    }
    Class<? extends Event> type = EventTypes.forName(root.get("type").asText());
    try {
      Event payload = mapper.treeToValue(root.get("payload"), type);
      return new Envelope(root.get("v").asInt(), root.get("type").asText(), root.get("id").asText(),
          Instant.parse(root.get("ts").asText()), text(root, "experimentId"), text(root, "trialId"),
          root.get("attempt").asInt(), root.get("seq").asLong(), payload);
    } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
      throw new InvalidEventException(InvalidEventException.Kind.INVALID_FIELD,
          List.of(new Violation("payload", firstLine(e))), e);
    }
  }

  private static int limitFor(String type) {
    return "DeadLetter".equals(type) ? MAX_DEAD_LETTER_BYTES : MAX_RECORD_BYTES;
  }

  private static InvalidEventException oversized(int size, int limit) {
    return new InvalidEventException(InvalidEventException.Kind.OVERSIZED, "$",
        "record of " + size + " bytes exceeds the limit of " + limit);
  }

  private static InvalidEventException.Kind kindOf(List<Violation> violations) {
    for (Violation v : violations) {
      if (v.path().equals("v") && v.message().startsWith("schema version")) {
        return InvalidEventException.Kind.UNSUPPORTED_VERSION;
      }
    }
    for (Violation v : violations) {
      if (v.path().equals("type") && v.message().startsWith("unknown")) {
        return InvalidEventException.Kind.UNKNOWN_TYPE;
      }
    }
    for (Violation v : violations) {
      if (v.message().equals("is required")) {
        return InvalidEventException.Kind.MISSING_FIELD;
      }
    }
    return InvalidEventException.Kind.INVALID_FIELD;
  }

  private static String text(JsonNode root, String field) {
    JsonNode node = root.get(field);
    return node == null || node.isNull() ? null : node.asText();
  }

  private static String firstLine(Exception e) {
    String message = String.valueOf(e.getMessage());
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
