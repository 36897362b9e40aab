package dev.shears.orchestrator.internal;

import dev.shears.events.Envelope;
import dev.shears.events.EventCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator's idempotent, non-transactional producer: heartbeats and dead letters. {@code send} may block
 * on metadata, so callers use it off the event loop.
 */
public final class PlainProducer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PlainProducer.class);

  private final Producer<byte[], byte[]> producer;
  private final EventCodec codec;

  public PlainProducer(Map<String, Object> props, EventCodec codec) {
    this.producer = new KafkaProducer<>(props);
    this.codec = codec;
  }

  /** The underlying producer, for the dead-letter router. */
  public Producer<byte[], byte[]> producer() {
    return producer;
  }

  public void send(Envelope e) {
    byte[] key = e.key() == null ? null : e.key().getBytes(StandardCharsets.UTF_8);
    producer.send(new ProducerRecord<>(e.topic(), key, codec.encode(e)), (metadata, error) -> {
      if (error != null) {
        LOG.warn("Could not write {}: {}", e.type(), error.toString());
      }
    });
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
