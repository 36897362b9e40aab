package dev.shears.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.events.ConfidenceInterval;
import dev.shears.events.EvaluationCompleted;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepComparisonTest {
  private static final double TEACHER = 0.50;

  /** A trial that cost {@code seconds} and scored {@code rougeL} with a ±0.02 interval around its difference. */
  private static SweepComparison.Row row(int index, String state, int seconds, double rougeL) {
    double d = rougeL - TEACHER;
    EvaluationCompleted e = new EvaluationCompleted("sha" + index, "file:///e" + index, Map.of("rougeL", rougeL),
        Map.of("rougeL", TEACHER), 10, 20, 2, 100, 200, 0.3, null,
        Map.of("rougeL", new ConfidenceInterval(d, d - 0.02, d + 0.02, 0.95)), null);
    return new SweepComparison.Row(index, "lr=" + index, state,
        new TrainerTime.Cost(Duration.ofSeconds(seconds), Duration.ZERO, seconds * 2L), e);
  }

  private final List<SweepComparison.Row> full = List.of(row(0, "SUCCEEDED", 100, 0.40),
      row(1, "SUCCEEDED", 100, 0.45), row(2, "SUCCEEDED", 100, 0.30), row(3, "SUCCEEDED", 100, 0.44));

  @Test
  void theSameBestAtLessThanHalfTheTrainerTimeMeetsTheTarget() {
    SweepComparison c = new SweepComparison("rougeL", full, List.of(row(0, "SUCCEEDED", 100, 0.40),
        row(1, "SUCCEEDED", 100, 0.45), row(2, "STOPPED", 10, 0.10), row(3, "STOPPED", 10, 0.20)));
    assertThat(c.ratio()).isCloseTo(400.0 / 220, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(c.sameBest()).isTrue();
    assertThat(c.met()).as("1.82x is short of 2x").isFalse();
    SweepComparison cheaper = new SweepComparison("rougeL", full, List.of(row(0, "STOPPED", 10, 0.3),
        row(1, "SUCCEEDED", 100, 0.45), row(2, "STOPPED", 10, 0.10), row(3, "STOPPED", 40, 0.20)));
    assertThat(cheaper.ratio()).isEqualTo(2.5);
    assertThat(cheaper.met()).isTrue();
    StringWriter printed = new StringWriter();
    cheaper.print(new PrintWriter(printed));
    assertThat(printed.toString()).contains("2.50x less", "the same trial", "stopped at 20", "MET")
        .contains("rougeL is F1 × 100").contains("best rougeL: no early stopping trial 1 45.00 (95% CI 43.00-47.00); "
            + "ASHA trial 1 45.00: the same trial")
        .contains("no early stopping 400.0 s (800 student steps), ASHA 160.0 s (320 student steps)");
  }

  @Test
  void anotherBestCountsOnlyWithinTheFullBestsInterval() {
    // The full best is trial 1 at 0.45 (interval 0.43-0.47); trial 3 scores 0.44.
    SweepComparison within = new SweepComparison("rougeL", full, List.of(row(0, "STOPPED", 10, 0.2),
        row(1, "STOPPED", 10, 0.2), row(2, "STOPPED", 10, 0.1), row(3, "SUCCEEDED", 100, 0.44)));
    assertThat(within.sameBest()).isFalse();
    assertThat(within.bestInterval()).hasValueSatisfying(ci -> {
      assertThat(ci[0]).isCloseTo(0.43, org.assertj.core.api.Assertions.within(1e-9));
      assertThat(ci[1]).isCloseTo(0.47, org.assertj.core.api.Assertions.within(1e-9));
    });
    assertThat(within.bestWithinInterval()).isTrue();
    SweepComparison below = new SweepComparison("rougeL", full, List.of(row(0, "SUCCEEDED", 100, 0.40),
        row(1, "STOPPED", 10, 0.2), row(2, "STOPPED", 10, 0.1), row(3, "STOPPED", 10, 0.2)));
    assertThat(below.bestWithinInterval()).isFalse();
    assertThat(below.met()).isFalse();
  }

  @Test
  void theVariantsDifferOnlyInTheirSchedulerAndName() {
    ObjectNode spec = new ObjectMapper().createObjectNode().put("name", "s").put("idempotencyKey", "k");
    spec.putObject("search").put("scheduler", "asha").put("maxSteps", 10);
    spec.putObject("training").put("steps", 5);
    ObjectNode none = AshaBenchmark.variant(spec, "none");
    assertThat(none.path("name").asText()).isEqualTo("s-none");
    assertThat(none.has("idempotencyKey")).isFalse();
    assertThat(none.path("search").path("scheduler").asText()).isEqualTo("none");
    assertThat(none.path("training")).isEqualTo(spec.path("training"));
    assertThat(spec.path("search").path("scheduler").asText()).as("the original is untouched").isEqualTo("asha");
  }
}
