package dev.shears.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RestartingLoopTest {
  private final List<Liveness.Death> deaths = new ArrayList<>();
  private final Liveness liveness = new Liveness(deaths::add);
  private final AtomicInteger attempts = new AtomicInteger();

  private RestartingLoop loop(Runnable attempt) {
    return new RestartingLoop("test loop", () -> {
      attempts.incrementAndGet();
      return attempt;
    }, e -> e instanceof IllegalStateException, Duration.ofMillis(5), Duration.ofMillis(20), liveness);
  }

  @Test
  void aFailedAttemptIsRestartedWithBackoffUntilOneEnds() {
    AtomicInteger failures = new AtomicInteger(3);
    RestartingLoop loop = loop(() -> {
      if (failures.getAndDecrement() > 0) {
        throw new RuntimeException("injected: transient");
      }
    });

    long start = System.nanoTime();
    loop.run();

    assertThat(attempts).hasValue(4);
    assertThat(loop.restarts()).isEqualTo(3);
    // 5 + 10 + 20 ms of backoff at least.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(35));
    assertThat(liveness.alive()).isTrue();
  }

  @Test
  void aFailureARestartCannotCureIsADeath() {
    RestartingLoop loop = loop(() -> {
      throw new IllegalStateException("injected: fenced");
    });

    loop.run();

    assertThat(attempts).hasValue(1);
    assertThat(deaths).extracting(Liveness.Death::loop, Liveness.Death::error)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("test loop",
            "java.lang.IllegalStateException: injected: fenced"));
  }

  @Test
  void anErrorIsADeath() {
    loop(() -> {
      throw new AssertionError("injected: broken invariant");
    }).run();

    assertThat(liveness.alive()).isFalse();
    assertThat(attempts).hasValue(1);
  }

  @Test
  void aStoppedLoopStartsNoMoreAttempts() {
    RestartingLoop[] self = new RestartingLoop[1];
    self[0] = loop(() -> {
      self[0].stop();
      throw new RuntimeException("injected: failing while stopping");
    });

    self[0].run();

    assertThat(attempts).hasValue(1);
    assertThat(liveness.alive()).isTrue();
  }

  @Test
  void backoffsMustBePositiveAndOrdered() {
    assertThatThrownBy(() -> new RestartingLoop("x", () -> () -> { }, e -> false, Duration.ZERO, Duration.ofSeconds(1),
        liveness)).hasMessageContaining("Invalid backoff PT0S..PT1S for loop x");
  }
}
