package dev.shears.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One beat of a service's heartbeat, run by a periodic timer. A failed send is logged and counted, and the next
 * interval tries again: the timer is the loop's restart, so a heartbeat failure never ends the heartbeat. A service
 * whose loop has died ({@link Liveness}) sends nothing, so the fleet stops counting on it.
 */
public final class Heartbeat implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);

  private final String service;
  private final Runnable send;
  private final Liveness liveness;
  private final Counter sent;
  private final Counter failed;

  /**
   * @param service the sender, as logs name it ("trainer w-1")
   * @param kind    the service kind, the metrics' {@code kind} label (bounded: trainer, evaluator, orchestrator)
   * @param send    builds and sends one heartbeat; may throw
   */
  public Heartbeat(String service, String kind, Runnable send, Liveness liveness, MeterRegistry registry) {
    this.service = Objects.requireNonNull(service, "service");
    this.send = Objects.requireNonNull(send, "send");
    this.liveness = Objects.requireNonNull(liveness, "liveness");
    this.sent = Counter.builder("shears.heartbeats").tag("kind", kind).tag("result", "sent")
        .description("Heartbeats sent and failed to send").register(registry);
    this.failed = Counter.builder("shears.heartbeats").tag("kind", kind).tag("result", "failed")
        .description("Heartbeats sent and failed to send").register(registry);
  }

  @Override
  public void run() {
    if (!liveness.alive()) {
      return;
    }
    try {
      send.run();
      sent.increment();
    } catch (RuntimeException e) {
      failed.increment();
      LOG.warn("Heartbeat of {} failed; the next interval tries again: {}", service, e.toString());
    }
  }
}
