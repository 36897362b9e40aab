package dev.shears.events;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serializer for envelopes. Null in, null out. */
public final class EventSerializer implements Serializer<Envelope> {
  private final EventCodec codec;

  public EventSerializer() {
    this(new EventCodec());
  }

  public EventSerializer(EventCodec codec) {
    this.codec = codec;
  }

  @Override
  public byte[] serialize(String topic, Envelope data) {
    if (data == null) {
      return null;
    }
    try {
      return codec.encode(data);
    } catch (RuntimeException e) {
      throw new SerializationException("Cannot write " + data.type() + " to " + topic, e);
    }
  }
}
