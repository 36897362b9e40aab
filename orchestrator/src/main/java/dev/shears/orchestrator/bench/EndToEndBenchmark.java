package dev.shears.orchestrator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shears.events.Envelope;
import dev.shears.events.EventCodec;
import dev.shears.events.InvalidEventException;
import dev.shears.events.KafkaClientConfig;
import dev.shears.events.Topics;
import dev.shears.events.WorkerHeartbeat;
import dev.shears.orchestrator.OrchestratorClient;
import dev.shears.orchestrator.OrchestratorConfig;
import dev.shears.orchestrator.OrchestratorVerticle;
import dev.shears.orchestrator.internal.EventFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The scheduler end to end: a real orchestrator verticle on a broker, 1,000 trainers simulated by one producer
 * of heartbeats, specs submitted over REST, assignments read from {@code shears.assignments} by a plain
 * consumer, then a restart that rebuilds the state from the log.
 */
final class EndToEndBenchmark {
  /** GPUs and GiB per GPU of the experiments of the throughput run (cycled). */
  private static final int[] GPUS = {1, 1, 1, 1, 1, 1, 1, 1, 2, 4};
  private static final double[] GB = {8, 12, 16, 20, 24, 6, 4, 8, 16, 12};

  record Result(int assignments, double assignSeconds, double latencyP50Ms, double latencyP99Ms, int latencySamples,
      int recoveredTrials, double recoverySeconds, double deploySeconds) {
    double assignmentsPerSecond() {
      return assignments / assignSeconds;
    }
  }

  private EndToEndBenchmark() {}

  static Result run(SchedulerBenchmark.Options o, java.io.PrintWriter out) {
    String token = UUID.randomUUID().toString();
    String txId = "bench-orchestrator-" + UUID.randomUUID();
    EventCodec codec = new EventCodec();
    Map<String, Long> seen = new ConcurrentHashMap<>();
    AtomicLong lastSeen = new AtomicLong();
    List<WorkerHeartbeat> fleet = SchedulerBenchmark.fleet(o);
    Vertx vertx = Vertx.vertx();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaClientConfig.producer(o.bootstrap(),
        "bench-fleet"));
        AssignmentWatcher watcher = new AssignmentWatcher(o.bootstrap(), codec, seen, lastSeen)) {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      OrchestratorVerticle verticle = deploy(vertx, o, token, txId, registry);
      OrchestratorClient client = new OrchestratorClient(URI.create("http://127.0.0.1:" + verticle.port()), token,
          Duration.ofSeconds(60));
      Thread beats = heartbeats(producer, codec, fleet);
      awaitFleet(client, fleet.size());

      // Latency: one single-trial experiment at a time onto a fleet with room.
      double[] latencies = new double[o.latencySamples()];
      for (int i = 0; i < o.latencySamples(); i++) {
        byte[] spec = spec("bench-latency-" + i, "3", "1", 1, 4).getBytes(StandardCharsets.UTF_8);
        long start = System.nanoTime();
        String id = submit(client, spec);
        String trialId = EventFactory.trialId(id, 0);
        long deadline = start + TimeUnit.SECONDS.toNanos(30);
        while (!seen.containsKey(trialId)) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("no assignment of " + trialId + " within 30 s");
          }
          LockSupport.parkNanos(50_000);
        }
        latencies[i] = (seen.get(trialId) - start) / 1e6;
      }
      Arrays.sort(latencies);
      io.micrometer.core.instrument.Timer commits = registry.get("shears.orchestrator.transaction").timer();
      out.printf(Locale.ROOT, "  during the latency run: %d transactions, mean commit %.1f ms, max %.1f ms%n",
          commits.count(), commits.mean(TimeUnit.MILLISECONDS), commits.max(TimeUnit.MILLISECONDS));

      // Throughput: the trials of several experiments submitted back to back.
      int before = seen.size();
      int experiments = o.experiments();
      int perExperiment = o.trials() / experiments;
      int layers = Math.max(1, perExperiment / 100);
      int seeds = perExperiment / layers;
      long start = System.nanoTime();
      for (int x = 0; x < experiments; x++) {
        submit(client, spec("bench-throughput-" + x, grid(layers), grid(seeds), GPUS[x % GPUS.length],
            GB[x % GB.length]).getBytes(StandardCharsets.UTF_8));
      }
      int expected = before + layers * seeds * experiments;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (seen.size() < expected && System.nanoTime() < deadline) {
        LockSupport.parkNanos(1_000_000);
      }
      int assigned = seen.size() - before;
      double assignSeconds = (lastSeen.get() - start) / 1e9;
      out.printf(Locale.ROOT, "  throughput run: %,d of %,d trials assigned%n", assigned, expected - before);

      // Restart: a fresh Vert.x and verticle rebuild the state from the log.
      await(vertx.close());
      vertx = Vertx.vertx();
      long deployStart = System.nanoTime();
      OrchestratorVerticle again = deploy(vertx, o, token, txId, new SimpleMeterRegistry());
      double deploySeconds = (System.nanoTime() - deployStart) / 1e9;
      OrchestratorClient after = new OrchestratorClient(URI.create("http://127.0.0.1:" + again.port()), token,
          Duration.ofSeconds(60));
      int trials = 0;
      OrchestratorClient.Response listed = call(after::experiments);
      if (!listed.ok()) {
        throw new IllegalStateException("the restarted orchestrator answered HTTP " + listed.status());
      }
      out.printf(Locale.ROOT, "  restarted: %d experiments listed%n", listed.body().size());
      for (JsonNode x : listed.body()) {
        trials += x.path("trialCount").asInt();
      }
      beats.interrupt();
      return new Result(assigned, assignSeconds, percentile(latencies, 0.5), percentile(latencies, 0.99),
          latencies.length, trials, again.recoveryTime().toMillis() / 1e3, deploySeconds);
    } finally {
      await(vertx.close());
    }
  }

  private static OrchestratorVerticle deploy(Vertx vertx, SchedulerBenchmark.Options o, String token, String txId,
      SimpleMeterRegistry registry) {
    OrchestratorConfig config = OrchestratorConfig.builder(o.bootstrap(), token).port(0).transactionalId(txId)
        .instanceId("bench-orchestrator").tickInterval(Duration.ofMillis(50)).leaseTimeout(Duration.ofSeconds(60))
        .build();
    OrchestratorVerticle verticle = new OrchestratorVerticle(config, registry, Clock.systemUTC());
    await(vertx.deployVerticle(verticle));
    return verticle;
  }

  private static String spec(String name, String layers, String seeds, int gpus, double gb) {
    return """
        name: %s
        task: {dataset: builtin:synthetic-summarize}
        teacher: {model: builtin:tiny-t5}
        method: nash
        nash: {decoderLayers: %s}
        training: {steps: 10, seed: %s}
        resources: {gpus: %d, gpuMemoryGb: %s}
        """.formatted(name, layers, seeds, gpus, gb);
  }

  private static String grid(int n) {
    StringBuilder s = new StringBuilder("{grid: [");
    for (int i = 1; i <= n; i++) {
      s.append(i == 1 ? "" : ", ").append(i);
    }
    return s.append("]}").toString();
  }

  private static String submit(OrchestratorClient client, byte[] spec) {
    OrchestratorClient.Response r = call(() -> client.submit(spec, "application/yaml"));
    if (r.status() != 201) {
      throw new IllegalStateException("submit refused: HTTP " + r.status() + " " + r.body());
    }
    return r.body().get("experimentId").asText();
  }

  private static void awaitFleet(OrchestratorClient client, int workers) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      int alive = 0;
      for (JsonNode w : call(client::fleet).body()) {
        if (w.path("kind").asText().equals("trainer") && w.path("alive").asBoolean()
            && w.path("workerId").asText().startsWith("bench-w")) {
          alive++;
        }
      }
      if (alive >= workers) {
        return;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
    throw new IllegalStateException("the simulated fleet did not register within 60 s");
  }

  private static Thread heartbeats(KafkaProducer<byte[], byte[]> producer, EventCodec codec,
      List<WorkerHeartbeat> fleet) {
    Thread t = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        Instant now = Instant.now();
        for (WorkerHeartbeat hb : fleet) {
          producer.send(new ProducerRecord<>(Topics.FLEET, hb.workerId().getBytes(StandardCharsets.UTF_8),
              codec.encode(Envelope.of(hb, now))));
        }
        producer.flush();
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(5));
      }
    }, "bench-heartbeats");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("Vert.x operation failed: " + e.getMessage(), e);
    }
  }

  interface Call {
    OrchestratorClient.Response run() throws IOException;
  }

  private static OrchestratorClient.Response call(Call call) {
    try {
      return call.run();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Reads shears.assignments from its end, recording when each trial's first Assignment arrives. */
  private static final class AssignmentWatcher implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean open = true;

    AssignmentWatcher(String bootstrap, EventCodec codec, Map<String, Long> seen, AtomicLong lastSeen) {
      consumer = new KafkaConsumer<>(KafkaClientConfig.consumer(bootstrap, "bench-assignments", null));
      List<TopicPartition> parts = new ArrayList<>();
      consumer.partitionsFor(Topics.ASSIGNMENTS).forEach(p -> parts.add(new TopicPartition(p.topic(), p.partition())));
      consumer.assign(parts);
      consumer.seekToEnd(parts);
      parts.forEach(consumer::position);
      thread = new Thread(() -> {
        while (open) {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(5))) {
            long now = System.nanoTime();
            try {
              Envelope e = codec.decode(r.value());
              if (e.type().equals("Assignment") && seen.putIfAbsent(e.trialId(), now) == null) {
                lastSeen.set(now);
              }
            } catch (InvalidEventException ignored) {
              // not ours to judge here
            }
          }
        }
        consumer.close();
      }, "bench-assignments");
      thread.start();
    }

    @Override
    public void close() {
      open = false;
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
