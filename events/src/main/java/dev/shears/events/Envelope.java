package dev.shears.events;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The JSON envelope of every record value (DESIGN §2):
 * {@code {"v":1,"type":"LossEvent","id":…,"ts":…,"experimentId":…,"trialId":…,"attempt":n,"seq":n,"payload":{…}}}.
 *
 * <p>{@code seq} increases per (trialId, attempt); {@link SequenceFence} uses it to drop duplicates and events
 * from fenced attempts. Events that belong to no trial (heartbeats) carry null ids and zeros.
 */
public record Envelope(
    int v,
    String type,
    String id,
    Instant ts,
    @Optional String experimentId,
    @Optional String trialId,
    int attempt,
    long seq,
    Event payload) {

  /** The schema version this build writes and the highest it reads. */
  public static final int CURRENT_VERSION = 1;

  public Envelope {
    requireNonNull(type, "type");
    requireNonNull(id, "id");
    requireNonNull(ts, "ts");
    requireNonNull(payload, "payload");
    if (!type.equals(payload.type())) {
      throw new IllegalArgumentException("type " + type + " does not match payload " + payload.type());
    }
    if (attempt < 0 || seq < 0) {
      throw new IllegalArgumentException("attempt and seq must be >= 0, were " + attempt + " and " + seq);
    }
  }

  /** A new envelope with a random id. */
  public static Envelope of(
      Event payload, String experimentId, String trialId, int attempt, long seq, Instant ts) {
    return new Envelope(CURRENT_VERSION, payload.type(), randomId(), ts, experimentId, trialId, attempt, seq,
        payload);
  }

  /**
   * A random (version 4) UUID. Event ids need uniqueness, not secrecy, and {@link UUID#randomUUID()}'s
   * SecureRandom is a measurable share of the telemetry path.
   */
  static String randomId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  /** An envelope for an event that belongs to no trial, such as a heartbeat. */
  public static Envelope of(Event payload, Instant ts) {
    return of(payload, null, null, 0, 0, ts);
  }

  /** The topic the payload belongs to. */
  public String topic() {
    return payload.topic();
  }

  /**
   * The Kafka record key: the id of the entity whose events must stay in order (DESIGN §2 key column).
   */
  public String key() {
    if (payload instanceof ExperimentEvent) {
      return experimentId;
    }
    if (payload instanceof Assignment a) {
      return a.workerId();
    }
    if (payload instanceof Revocation r) {
      return r.workerId();
    }
    if (payload instanceof WorkerHeartbeat h) {
      return h.workerId();
    }
    if (payload instanceof DeadLetter d) {
      return d.key();
    }
    return trialId;
  }
}
