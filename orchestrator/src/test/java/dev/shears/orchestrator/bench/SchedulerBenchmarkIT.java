package dev.shears.orchestrator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.broker.junit.BootstrapServers;
import dev.shears.broker.junit.RealKafka;
import dev.shears.orchestrator.internal.Topology;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** The full scheduler benchmark on a real broker: {@code mvn verify -Pbench -Dit.test=SchedulerBenchmarkIT}. */
@RealKafka
@EnabledIfSystemProperty(named = "shears.bench", matches = "true")
class SchedulerBenchmarkIT {
  @Test
  void schedulerBenchmark(@BootstrapServers String bootstrap) {
    Topology.ensure(bootstrap);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SchedulerBenchmark.run(SchedulerBenchmark.Options.defaults(bootstrap),
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String report = bytes.toString(StandardCharsets.UTF_8);
    System.out.print(report);
    assertThat(report).contains("assignments/s").contains("restart recovery");
  }
}
