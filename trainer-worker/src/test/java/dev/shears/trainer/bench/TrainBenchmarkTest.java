package dev.shears.trainer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainBenchmarkTest {
  @TempDir
  Path work;

  @Test
  void smallRunReportsPositiveStepTimes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TrainBenchmark.Result r = TrainBenchmark.run(new TrainBenchmark.Options(2, 8, 1, 2, 3, 1, work, 1, null, null),
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    System.out.print(bytes.toString(StandardCharsets.UTF_8));
    assertThat(r.msPerStep()).isPositive();
    assertThat(r.msPerStepSilent()).isPositive();
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("ms/step");
  }
}
