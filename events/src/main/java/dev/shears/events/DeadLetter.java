package dev.shears.events;

import static java.util.Objects.requireNonNull;

/**
 * A record a consumer could not accept. The raw value is kept byte for byte (base64) so nothing already
 * written is lost; {@code reason} says why it was rejected and {@code path} which field, when one is to blame.
 */
public record DeadLetter(
    String sourceTopic,
    int sourcePartition,
    long sourceOffset,
    String reason,
    @Optional String path,
    @Optional String key,
    String rawValueBase64,
    int rawValueBytes,
    String consumer)
    implements Event {
  public DeadLetter {
    requireNonNull(sourceTopic, "sourceTopic");
    requireNonNull(reason, "reason");
    requireNonNull(rawValueBase64, "rawValueBase64");
    requireNonNull(consumer, "consumer");
  }

  @Override
  public String topic() {
    return Topics.DLQ;
  }
}
