package dev.shears.dashboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.broker.KafkaBroker;
import dev.shears.broker.junit.RealKafka;
import dev.shears.dashboard.bench.DashboardBenchmark;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The dashboard benchmark (slow: about a minute and a half). {@code mvn verify -Pbench -Dit.test=DashboardBenchmarkIT};
 * {@code -Dbench.measure.seconds=…} and {@code -Dbench.trials=…} shorten or scale it.
 */
@RealKafka
@EnabledIfSystemProperty(named = "shears.bench", matches = "true")
class DashboardBenchmarkIT {
  @Test
  void streamingBeatsPollingAndMeetsTheLatencyTarget(KafkaBroker broker) throws Exception {
    DashboardBenchmark.Options d = DashboardBenchmark.Options.defaults();
    int trials = Integer.getInteger("bench.trials", d.trials());
    DashboardBenchmark.Options options = new DashboardBenchmark.Options(trials,
        Integer.getInteger("bench.rate", d.eventsPerSecond()), Integer.getInteger("bench.clients", d.clients()),
        Math.min(trials, Integer.getInteger("bench.trials.per.client", d.trialsPerClient())),
        Duration.ofSeconds(Integer.getInteger("bench.warmup.seconds", 10)),
        Duration.ofSeconds(Integer.getInteger("bench.measure.seconds", 30)), d.pollInterval());
    StringWriter text = new StringWriter();
    DashboardBenchmark.Result result;
    try (PrintWriter out = new PrintWriter(text)) {
      result = DashboardBenchmark.run(broker.bootstrapServers(), options, out);
    }
    System.out.println(text);
    Files.writeString(Path.of("target", "bench-dashboard.md"), text.toString());
    assertThat(result.streaming().samples()).isPositive();
    assertThat(result.polling().samples()).isPositive();
    assertThat(result.streaming().p99()).isLessThan(result.polling().p99());
  }
}
