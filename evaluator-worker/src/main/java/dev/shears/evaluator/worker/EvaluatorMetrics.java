package dev.shears.evaluator.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The evaluator's meters: {@code shears.evaluator.evaluations} (counter, tag {@code outcome} =
 * completed | failed | skipped | abandoned), {@code shears.evaluator.evaluation.duration} (timer, same tag, skipped
 * excluded) and {@code shears.evaluator.in.flight} (gauge, 0 or 1). Tags are bounded: no trial ids.
 */
public final class EvaluatorMetrics implements MeterBinder {

  private final AtomicInteger inFlight = new AtomicInteger();
  private MeterRegistry registry;

  @Override
  public void bindTo(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("shears.evaluator.in.flight", inFlight, AtomicInteger::get)
        .description("Exports being evaluated now").register(registry);
  }

  void started() {
    inFlight.incrementAndGet();
  }

  void finished(String outcome, Duration duration) {
    inFlight.decrementAndGet();
    if (registry == null) {
      return;
    }
    Counter.builder("shears.evaluator.evaluations").tag("outcome", outcome)
        .description("Exports evaluated, by outcome").register(registry).increment();
    Timer.builder("shears.evaluator.evaluation.duration").tag("outcome", outcome)
        .description("Wall time to evaluate one export").publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofHours(1))
        .register(registry).record(duration);
  }

  void skipped() {
    if (registry != null) {
      Counter.builder("shears.evaluator.evaluations").tag("outcome", "skipped")
          .description("Exports evaluated, by outcome").register(registry).increment();
    }
  }

  /** Exports being evaluated now. */
  public int inFlight() {
    return inFlight.get();
  }
}
