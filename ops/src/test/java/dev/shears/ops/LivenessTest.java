package dev.shears.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LivenessTest {
  private final List<Liveness.Death> actions = new ArrayList<>();
  private final Liveness liveness = new Liveness(actions::add,
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

  @Test
  void theFirstLoopDeathIsKeptAndActedOnOnce() {
    assertThat(liveness.alive()).isTrue();
    assertThat(liveness.death()).isEmpty();

    liveness.loopDied("trainer assignment poll", new IllegalStateException("boom"));
    liveness.loopDied("trainer heartbeat", new IllegalStateException("later"));

    assertThat(liveness.alive()).isFalse();
    Liveness.Death expected = new Liveness.Death("trainer assignment poll", "java.lang.IllegalStateException: boom",
        Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(liveness.death()).hasValue(expected);
    assertThat(actions).containsExactly(expected);
  }
}
