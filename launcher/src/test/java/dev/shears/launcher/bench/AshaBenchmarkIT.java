package dev.shears.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/** {@code shears bench asha} with the built-in 12-trial sweep (-Pbench): 10–30 min on a shared 2-core machine. */
@EnabledIfSystemProperty(named = "shears.bench", matches = "true")
class AshaBenchmarkIT {
  @Test
  void ashaTakesAtLeastTwiceLessTrainerTimeAndFindsTheBestTrial(@TempDir Path dir) throws Exception {
    StringWriter printed = new StringWriter();
    SweepComparison result = new AshaBenchmark(new AshaBenchmark.Options(AshaBenchmark.defaultSpec(), dir, 128),
        new PrintWriter(printed, true)).run();
    System.out.println(printed);
    assertThat(result.full()).hasSize(12);
    assertThat(result.ratio()).as(printed.toString()).isGreaterThanOrEqualTo(SweepComparison.TARGET_RATIO);
    assertThat(result.bestWithinInterval()).as(printed.toString()).isTrue();
  }
}
