package dev.shears.events;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Strict Kafka deserializer for envelopes: a bad record raises {@link SerializationException} whose cause is
 * the {@link InvalidEventException}. Services that must keep going read {@code byte[]} and use
 * {@link DeadLetterRouter} instead.
 */
public final class EventDeserializer implements Deserializer<Envelope> {
  private final EventCodec codec;

  public EventDeserializer() {
    this(new EventCodec());
  }

  public EventDeserializer(EventCodec codec) {
    this.codec = codec;
  }

  @Override
  public Envelope deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    try {
      return codec.decode(data);
    } catch (InvalidEventException e) {
      throw new SerializationException("Bad event on " + topic + ": " + e.reason(), e);
    }
  }
}
