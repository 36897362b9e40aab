package dev.shears.dashboard.web;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.shears.dashboard.history.SeriesSlice;
import dev.shears.dashboard.stream.ClientBuffer;
import dev.shears.dashboard.stream.StreamMessage;
import dev.shears.events.EventCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON for the browser: the event codec's mapper (ISO-8601 instants) with non-finite numbers written as
 * {@code null} (JSON has no NaN), and compact column-wise encodings of series and stream batches.
 */
public final class DashboardJson {
  private final ObjectMapper mapper;

  public DashboardJson() {
    ObjectMapper m = EventCodec.defaultMapper();
    SimpleModule finite = new SimpleModule("finite-numbers");
    JsonSerializer<Double> doubles = new JsonSerializer<>() {
      @Override
      public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
        number(g, v);
      }
    };
    JsonSerializer<Float> floats = new JsonSerializer<>() {
      @Override
      public void serialize(Float v, JsonGenerator g, SerializerProvider p) throws IOException {
        number(g, v);
      }
    };
    finite.addSerializer(Double.class, doubles);
    finite.addSerializer(Double.TYPE, doubles);
    finite.addSerializer(Float.class, floats);
    finite.addSerializer(Float.TYPE, floats);
    m.registerModule(finite);
    this.mapper = m;
  }

  /** The mapper. */
  public ObjectMapper mapper() {
    return mapper;
  }

  /** Any value as JSON bytes. */
  public byte[] bytes(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code {"columns":[…],"x":[…],"y":[[…],…]}}. */
  public byte[] slice(SeriesSlice slice) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + slice.size() * 12 * (1 + slice.y().length));
    try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
      g.writeStartObject();
      writeColumns(g, slice.columns(), slice.x(), slice.y());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * One server-sent-events frame carrying a flushed batch:
   * {@code id: n, event: batch, data: {"dropped":n,"resync":b,"messages":[…]}}.
   */
  public byte[] sseBatch(long id, ClientBuffer.Batch batch) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try {
      out.write(("id: " + id + "\nevent: batch\ndata: ").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
        g.writeStartObject();
        g.writeNumberField("dropped", batch.dropped());
        g.writeBooleanField("resync", batch.resync());
        g.writeNumberField("sent", System.currentTimeMillis());
        g.writeArrayFieldStart("messages");
        for (StreamMessage m : batch.messages()) {
          write(g, m);
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      out.write("\n\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private void write(JsonGenerator g, StreamMessage m) throws IOException {
    g.writeStartObject();
    if (m instanceof StreamMessage.Points p) {
      g.writeStringField("type", "points");
      g.writeStringField("trialId", p.trialId());
      g.writeStringField("series", p.series());
      writeColumns(g, p.columns(), p.x(), p.y());
    } else if (m instanceof StreamMessage.Snapshot s) {
      g.writeStringField("type", s.type());
      g.writeStringField("id", s.id());
      g.writeFieldName("value");
      mapper.writeValue(g, s.value().get());
    }
    g.writeEndObject();
  }

  private static void writeColumns(JsonGenerator g, java.util.List<String> columns, double[] x, float[][] y)
      throws IOException {
    g.writeArrayFieldStart("columns");
    for (String c : columns) {
      g.writeString(c);
    }
    g.writeEndArray();
    g.writeArrayFieldStart("x");
    for (double v : x) {
      number(g, v);
    }
    g.writeEndArray();
    g.writeArrayFieldStart("y");
    for (float[] col : y) {
      g.writeStartArray();
      for (float v : col) {
        number(g, v);
      }
      g.writeEndArray();
    }
    g.writeEndArray();
  }

  private static void number(JsonGenerator g, double v) throws IOException {
    if (Double.isFinite(v)) {
      if (v == Math.rint(v) && Math.abs(v) < 1e15) {
        g.writeNumber((long) v);
      } else {
        g.writeNumber(v);
      }
    } else {
      g.writeNull();
    }
  }

  private static void number(JsonGenerator g, float v) throws IOException {
    if (Float.isFinite(v)) {
      g.writeNumber(v);
    } else {
      g.writeNull();
    }
  }
}
