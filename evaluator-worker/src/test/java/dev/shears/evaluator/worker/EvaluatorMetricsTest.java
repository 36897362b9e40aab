package dev.shears.evaluator.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EvaluatorMetricsTest {

  @Test
  void countsOutcomesTimesEvaluationsAndTracksInFlight() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    EvaluatorMetrics metrics = new EvaluatorMetrics();
    metrics.bindTo(registry);
    metrics.started();
    assertThat(registry.get("shears.evaluator.in.flight").gauge().value()).isEqualTo(1.0);
    metrics.finished("completed", Duration.ofSeconds(3));
    metrics.started();
    metrics.finished("failed", Duration.ofMillis(10));
    metrics.skipped();
    assertThat(registry.get("shears.evaluator.in.flight").gauge().value()).isZero();
    assertThat(registry.get("shears.evaluator.evaluations").tag("outcome", "completed").counter().count()).isEqualTo(1);
    assertThat(registry.get("shears.evaluator.evaluations").tag("outcome", "failed").counter().count()).isEqualTo(1);
    assertThat(registry.get("shears.evaluator.evaluations").tag("outcome", "skipped").counter().count()).isEqualTo(1);
    assertThat(registry.get("shears.evaluator.evaluation.duration").tag("outcome", "completed").timer()
        .totalTime(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(3.0);
  }
}
