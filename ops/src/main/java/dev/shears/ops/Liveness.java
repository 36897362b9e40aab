package dev.shears.ops;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a service's long-running loops still run. A loop that cannot go on calls {@link #loopDied}: from then on
 * the service is down ({@code /health} answers 503 naming the loop, heartbeats stop, so the fleet stops counting on
 * it) and the service's {@link LoopDeath} action runs once; in a process of its own that action ends the process
 * with {@link LoopDeath#EXIT_CODE}, so a supervisor (systemd, Docker, Kubernetes) restarts it and the service
 * rebuilds its state from Kafka. Loops that can heal restart with backoff instead and never come here.
 */
public final class Liveness {
  private static final Logger LOG = LoggerFactory.getLogger(Liveness.class);

  /**
   * A loop that ended on an unexpected failure.
   *
   * @param loop  which loop, as named in the code ("trainer assignment poll")
   * @param error the failure, as {@code Throwable.toString()}
   * @param at    when
   */
  public record Death(String loop, String error, Instant at) {}

  /** What a service does when one of its loops has died, besides answering 503. */
  @FunctionalInterface
  public interface LoopDeath extends Consumer<Death> {
    /** The exit code of a process whose loop died (EX_SOFTWARE of sysexits.h). */
    int EXIT_CODE = 70;

    /** Nothing more than 503 and silence: a service embedded in a test or another program. */
    LoopDeath UNHEALTHY_ONLY = death -> { };
  }

  private final LoopDeath onDeath;
  private final Clock clock;
  private final AtomicReference<Death> death = new AtomicReference<>();

  /** A service that, when a loop dies, answers 503 and runs {@code onDeath}. */
  public Liveness(LoopDeath onDeath) {
    this(onDeath, Clock.systemUTC());
  }

  Liveness(LoopDeath onDeath, Clock clock) {
    this.onDeath = Objects.requireNonNull(onDeath, "onDeath");
    this.clock = clock;
  }

  /** A service that only turns unhealthy when a loop dies (embedded use, tests). */
  public static Liveness unhealthyOnly() {
    return new Liveness(LoopDeath.UNHEALTHY_ONLY);
  }

  /** Records that {@code loop} has ended on {@code cause}; the first death is kept and acted on, later ones logged. */
  public void loopDied(String loop, Throwable cause) {
    Death d = new Death(loop, String.valueOf(cause), clock.instant());
    if (death.compareAndSet(null, d)) {
      LOG.error("The {} stopped; this service is down and must be restarted", loop, cause);
      onDeath.accept(d);
    } else {
      LOG.error("The {} stopped too (the service is already down)", loop, cause);
    }
  }

  /** True until a loop has died. */
  public boolean alive() {
    return death.get() == null;
  }

  /** The first loop death, if any. */
  public Optional<Death> death() {
    return Optional.ofNullable(death.get());
  }
}
