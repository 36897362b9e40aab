package dev.shears.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HeartbeatTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Liveness liveness = Liveness.unhealthyOnly();

  @Test
  void aFailedBeatIsCountedAndTheNextIntervalSendsAgain() {
    AtomicInteger calls = new AtomicInteger();
    Heartbeat beat = new Heartbeat("trainer w-1", "trainer", () -> {
      if (calls.incrementAndGet() == 2) {
        throw new IllegalStateException("injected: broker unreachable");
      }
    }, liveness, registry);

    beat.run();
    beat.run();
    beat.run();

    assertThat(calls).hasValue(3);
    assertThat(count("sent")).isEqualTo(2);
    assertThat(count("failed")).isEqualTo(1);
    assertThat(liveness.alive()).isTrue();
  }

  @Test
  void aServiceWithADeadLoopSendsNothing() {
    AtomicInteger calls = new AtomicInteger();
    Heartbeat beat = new Heartbeat("evaluator e-1", "evaluator", calls::incrementAndGet, liveness, registry);
    beat.run();

    liveness.loopDied("evaluator loop", new IllegalStateException("injected"));
    beat.run();
    beat.run();

    assertThat(calls).hasValue(1);
    assertThat(count("sent")).isEqualTo(1);
  }

  private double count(String result) {
    return registry.get("shears.heartbeats").tag("result", result).counter().count();
  }
}
