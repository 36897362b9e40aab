package dev.shears.dashboard.bench;

import dev.shears.dashboard.DashboardConfig;
import dev.shears.dashboard.DashboardVerticle;
import dev.shears.dashboard.history.Downsampling;
import dev.shears.events.Envelope;
import dev.shears.events.EvaluationCompleted;
import dev.shears.events.EventCodec;
import dev.shears.events.ExperimentSubmitted;
import dev.shears.events.KafkaClientConfig;
import dev.shears.events.TrialAssigned;
import dev.shears.events.TrialCreated;
import dev.shears.events.TrialSucceeded;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

/**
 * {@code shears bench dashboard-history}: a dashboard's start-up time and heap with {@code trials} finished trials on
 * a real broker, measured in one run twice: first replaying every trial's full telemetry (no summaries exist yet;
 * this dashboard writes them), then from the summaries on {@code shears.trial-history} (telemetry of summarised
 * finished trials is not read). Heap is the whole JVM after a full GC, less the heap before the dashboard started.
 */
public final class HistoryBenchmark {
  private static final int LAYERS = 6;
  private static final int HEADS = 8;

  /**
   * @param trials finished trials
   * @param steps telemetry steps per trial (a loss and a Lagrangian event each, a mask event every tenth)
   */
  public record Options(int trials, int steps) {
    public Options {
      if (trials < 1 || steps < 10) {
        throw new IllegalArgumentException("need trials >= 1 and steps >= 10; got " + trials + " and " + steps);
      }
    }
  }

  /** One start-up: where the curves came from, time to caught up, records applied, heap and rows held. */
  public record StartUp(String source, double seconds, long eventsApplied, double heapMb, long historyRows) {}

  /** Both start-ups. */
  public record Result(Options options, long telemetryEvents, StartUp fullTelemetry, StartUp fromHistory) {}

  private HistoryBenchmark() {}

  /** Writes the trials, measures both start-ups and prints a Markdown table to {@code out}. */
  public static Result run(String bootstrap, Options options, PrintWriter out) throws Exception {
    DashboardBenchmark.ensureTopics(bootstrap);
    String experimentId = "hist-bench-" + Long.toHexString(System.nanoTime());
    long telemetry = writeTrials(bootstrap, experimentId, options);
    out.printf(Locale.ROOT, "%d finished trials, %d telemetry events on the broker at %s; %d cores, load average"
        + " %.1f%n", options.trials(), telemetry, bootstrap, Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    out.flush();
    DashboardConfig config = DashboardConfig.of(bootstrap, "127.0.0.1", 0, DashboardConfig.DEFAULT_ORCHESTRATOR_URL,
        null);
    StartUp full = startUp("full telemetry (no summaries yet)", config.withHistoryWriter(true), options, true);
    StartUp history = startUp("trial summaries (shears.trial-history)", config.withHistoryWriter(false), options,
        false);
    Result result = new Result(options, telemetry, full, history);
    out.println();
    out.println("| curves from | start-up to caught up (s) | events applied | dashboard heap after GC (MiB)"
        + " | history rows held |");
    out.println("|---|---:|---:|---:|---:|");
    for (StartUp s : List.of(full, history)) {
      out.printf(Locale.ROOT, "| %s | %.1f | %d | %.0f | %d |%n", s.source(), s.seconds(), s.eventsApplied(),
          s.heapMb(), s.historyRows());
    }
    out.flush();
    return result;
  }

  private static StartUp startUp(String source, DashboardConfig config, Options options, boolean awaitSummaries)
      throws Exception {
    long baseline = heapAfterGc();
    Vertx vertx = Vertx.vertx();
    try {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      DashboardVerticle dashboard = new DashboardVerticle(config, registry, Clock.systemUTC());
      long start = System.nanoTime();
      vertx.deployVerticle(dashboard).await(60, TimeUnit.SECONDS);
      DashboardBenchmark.await(Duration.ofMinutes(20), "the dashboard to catch up", dashboard::caughtUp);
      double seconds = (System.nanoTime() - start) / 1e9;
      long events = (long) registry.get("shears.dashboard.events").counter().count();
      double heapMb = (heapAfterGc() - baseline) / (1024.0 * 1024.0);
      long rows = dashboard.state().historyRows();
      checkCurves(dashboard, options);
      if (awaitSummaries) {
        Counter written = registry.get("shears.dashboard.history.summaries").counter();
        DashboardBenchmark.await(Duration.ofMinutes(20), "the dashboard to write " + options.trials() + " summaries",
            () -> written.count() >= options.trials());
      }
      return new StartUp(source, seconds, events, heapMb, rows);
    } finally {
      vertx.close().await(60, TimeUnit.SECONDS);
    }
  }

  /** Every trial shows a loss curve that reaches its last step, whichever source it came from. */
  private static void checkCurves(DashboardVerticle dashboard, Options options) {
    int shown = 0;
    for (var x : dashboard.state().experiments()) {
      for (var row : dashboard.state().trialsOf(x.experimentId()).orElseThrow()) {
        var loss = dashboard.state().history(row.trialId()).orElseThrow()
            .slice("loss", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 10_000, Downsampling.NONE);
        if (loss.size() > 0 && loss.x()[loss.size() - 1] == options.steps()) {
          shown++;
        }
      }
    }
    if (shown < options.trials()) {
      throw new IllegalStateException("only " + shown + " of " + options.trials() + " trials show their whole loss"
          + " curve");
    }
  }

  private static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long writeTrials(String bootstrap, String experimentId, Options options) {
    EventCodec codec = new EventCodec();
    Map<String, Object> props = KafkaClientConfig.producer(bootstrap, "shears-bench-history");
    props.put("linger.ms", 20);
    props.put("batch.size", 256 * 1024);
    long telemetry = 0;
    try (Producer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      Instant now = Instant.now();
      DashboardBenchmark.send(producer, codec, Envelope.of(new ExperimentSubmitted("history-bench", null,
          DashboardBenchmark.spec(), options.trials(), "bench"), experimentId, null, 0, 0, now));
      for (int i = 0; i < options.trials(); i++) {
        String trialId = experimentId + "-t" + i;
        DashboardBenchmark.send(producer, codec, Envelope.of(new TrialCreated(i, DashboardBenchmark.spec(), 1, 8, 0, 3), experimentId,
            trialId, 0, 0, now));
        DashboardBenchmark.send(producer, codec, Envelope.of(new TrialAssigned("bench-worker", List.of(0), null), experimentId, trialId,
            1, 0, now));
        SimulatedTrial trial = new SimulatedTrial(experimentId, trialId, LAYERS, HEADS, 10, 0.3, options.steps() / 2,
            i);
        for (int s = 0; s < options.steps(); s++) {
          for (Envelope e : trial.next(now)) {
            DashboardBenchmark.send(producer, codec, e);
            telemetry++;
          }
        }
        DashboardBenchmark.send(producer, codec, Envelope.of(new TrialSucceeded("file:/bench/" + trialId, Map.of()), experimentId,
            trialId, 1, 1_000_000, now));
        DashboardBenchmark.send(producer, codec, Envelope.of(new EvaluationCompleted("sha-" + trialId, "file:/bench/" + trialId,
            Map.of("rougeL", 0.35), Map.of("rougeL", 0.40), 10, 20, 2.0, 30_000_000, 60_000_000, 0.3, null),
            experimentId, trialId, 1, 1_000_001, now));
      }
      producer.flush();
    }
    return telemetry;
  }
}
