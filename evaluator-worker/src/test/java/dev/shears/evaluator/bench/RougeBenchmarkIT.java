package dev.shears.evaluator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** The benchmark's target: 10,000 pairs of 60-word summaries, stemming on, in under 2 s. {@code mvn verify -Pbench}. */
@EnabledIfSystemProperty(named = "shears.bench", matches = "true")
class RougeBenchmarkIT {

  @Test
  void tenThousandPairsInUnderTwoSeconds() {
    RougeBenchmark.Result r = new RougeBenchmark().run(RougeBenchmark.Options.defaults());
    System.out.println(r.summary());
    assertThat(r.medianSeconds()).isLessThan(2.0);
  }
}
