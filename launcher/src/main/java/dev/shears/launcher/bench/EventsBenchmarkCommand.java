package dev.shears.launcher.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shears bench events}: telemetry envelopes through a real Kafka broker beside raw {@code byte[]} records
 * of the same bytes (see {@link EventsBenchmark}).
 */
@Command(name = "events", mixinStandardHelpOptions = true,
    description = "Produce and consume LossEvent envelopes through a Kafka broker (embedded unless --bootstrap)"
        + " beside raw byte[] records of the same bytes; prints events/s, CPU per event and p50/p99 latency.")
public final class EventsBenchmarkCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Option(names = "--events", defaultValue = "200000",
      description = "Records per throughput run (default: ${DEFAULT-VALUE}).")
  private int events;

  @Option(names = "--rounds", defaultValue = "3", description = "Measured rounds; the median is reported"
      + " (default: ${DEFAULT-VALUE}).")
  private int rounds;

  @Option(names = "--warmup-rounds", defaultValue = "1",
      description = "Unreported rounds first (default: ${DEFAULT-VALUE}).")
  private int warmupRounds;

  @Option(names = "--latency-events", defaultValue = "20000",
      description = "Records per latency run (default: ${DEFAULT-VALUE}).")
  private int latencyEvents;

  @Option(names = "--latency-rate", defaultValue = "5000",
      description = "Records per second in the latency run (default: ${DEFAULT-VALUE}).")
  private int latencyRate;

  @Option(names = "--partitions",
      description = "Partitions per benchmark topic (default: those of shears.telemetry).")
  private Integer partitions;

  @Option(names = "--trials", defaultValue = "16", description = "Distinct record keys (default: ${DEFAULT-VALUE}).")
  private int trials;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the loss values (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--bootstrap", description = "Use this broker instead of starting an embedded one.")
  private String bootstrap;

  @Option(names = "--check", negatable = false,
      description = "Exit with status 1 when codec throughput is below 100,000 events/s or costs over 1.5x raw.")
  private boolean check;

  @Override
  public Integer call() {
    EventsBenchmark.Options defaults = EventsBenchmark.Options.defaults();
    int topicPartitions = partitions == null ? defaults.partitions() : partitions;
    EventsBenchmark.Options options = new EventsBenchmark.Options(events, latencyEvents, latencyRate, rounds,
        warmupRounds, topicPartitions, trials, seed, bootstrap, null, defaults.targetEventsPerSecond(),
        defaults.maxCodecCost(), check);
    return EventsBenchmark.run(options, spec.commandLine().getOut());
  }
}
