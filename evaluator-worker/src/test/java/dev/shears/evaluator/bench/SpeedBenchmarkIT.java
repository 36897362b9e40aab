package dev.shears.evaluator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Speed-up and repeatability at the paper's measurement shape. {@code mvn verify -Pbench}. */
@EnabledIfSystemProperty(named = "shears.bench", matches = "true")
class SpeedBenchmarkIT {

  @Test
  void shallowerDecodersAreFasterInOrder() {
    SpeedBenchmark.Options options = SpeedBenchmark.Options.defaults();
    List<SpeedBenchmark.Row> rows = new SpeedBenchmark().run(options);
    System.out.print(SpeedBenchmark.table(options, rows));
    assertThat(rows).extracting(r -> r.speed().speedup()).allSatisfy(s -> assertThat(s).isGreaterThan(1.0));
    assertThat(rows.get(0).speed().speedup()).isGreaterThan(rows.get(rows.size() - 1).speed().speedup());
  }
}
