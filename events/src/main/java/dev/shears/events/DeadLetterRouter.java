package dev.shears.events;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes consumed records and sends the ones that are not valid events to {@link Topics#DLQ}, with the
 * reason and their source topic, partition and offset, so that a consumer never stops on a bad record and
 * nothing that was written is lost.
 */
public final class DeadLetterRouter {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterRouter.class);

  private final EventCodec codec;
  private final Producer<byte[], byte[]> producer;
  private final String consumerName;
  private final Clock clock;

  /**
   * @param codec the codec to decode with
   * @param producer where dead letters are written; owned by the caller
   * @param consumerName who rejected the record, e.g. {@code orchestrator}
   * @param clock the clock for dead-letter timestamps
   */
  public DeadLetterRouter(EventCodec codec, Producer<byte[], byte[]> producer, String consumerName, Clock clock) {
    this.codec = codec;
    this.producer = producer;
    this.consumerName = consumerName;
    this.clock = clock;
  }

  /** The decoded envelope, or empty after the record was sent to the dead-letter topic. */
  public Optional<Envelope> accept(ConsumerRecord<byte[], byte[]> record) {
    try {
      return Optional.of(codec.decode(record.value()));
    } catch (InvalidEventException e) {
      deadLetter(record, e);
      return Optional.empty();
    }
  }

  private void deadLetter(ConsumerRecord<byte[], byte[]> record, InvalidEventException e) {
    byte[] raw = record.value() == null ? new byte[0] : record.value();
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    DeadLetter letter = new DeadLetter(record.topic(), record.partition(), record.offset(), e.reason(), e.path(),
        key, Base64.getEncoder().encodeToString(raw), raw.length, consumerName);
    LOG.warn("Dead-lettered {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.reason());
    producer.send(new ProducerRecord<>(Topics.DLQ, record.key(), codec.encode(Envelope.of(letter, clock.instant()))),
        (metadata, error) -> {
          if (error != null) {
            LOG.error("Could not write dead letter for {}-{}@{}", record.topic(), record.partition(),
                record.offset(), error);
          }
        });
  }
}
