package dev.shears.dashboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shears.dashboard.DashboardConfig;
import dev.shears.dashboard.DashboardVerticle;
import dev.shears.events.Envelope;
import dev.shears.events.EventCodec;
import dev.shears.events.ExperimentSubmitted;
import dev.shears.events.KafkaClientConfig;
import dev.shears.events.StageStarted;
import dev.shears.events.TopicSpec;
import dev.shears.events.Topics;
import dev.shears.events.TrialCreated;
import dev.shears.events.TrialStarted;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * {@code shears bench dashboard}: simulated trials emit telemetry at a fixed rate through a real Kafka broker
 * into a real dashboard (in this JVM); first streaming clients (SSE, every trial's live charts) and then, under
 * the same load, clients polling every second (the refresh model of common experiment trackers) measure the
 * emit → client latency of every loss point. Server CPU counts only the dashboard's threads (Vert.x event loops
 * and workers, the ingest thread); heap is the whole JVM after a full GC.
 */
public final class DashboardBenchmark {
  private static final int RING = 1 << 12;
  private static final Duration SETTLE = Duration.ofSeconds(3);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * @param trials simulated trials
   * @param eventsPerSecond telemetry events per second per trial (a loss and a Lagrangian event per step; a
   *     mask event every tenth step comes on top)
   * @param clients streaming clients, and also polling clients in the second phase
   * @param trialsPerClient trials each client watches (clients take consecutive slices, wrapping around)
   * @param warmup unmeasured time at the start of each phase
   * @param measure measured time of each phase
   * @param pollInterval the polling clients' refresh period
   */
  public record Options(int trials, int eventsPerSecond, int clients, int trialsPerClient, Duration warmup,
      Duration measure, Duration pollInterval) {
    public Options {
      if (trials < 1 || eventsPerSecond < 2 || clients < 1 || trialsPerClient < 1 || trialsPerClient > 256) {
        throw new IllegalArgumentException("need trials >= 1, eventsPerSecond >= 2, clients >= 1 and"
            + " trialsPerClient in [1, 256]; got " + trials + ", " + eventsPerSecond + ", " + clients + ", "
            + trialsPerClient);
      }
    }

    /** 200 trials × 20 events/s, 10 clients each watching all 200 trials, 10 s warm-up, 30 s measured. */
    public static Options defaults() {
      return new Options(200, 20, 10, 200, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(1));
    }
  }

  /** Figures of one phase. Latencies in ms; CPU in cores (1.0 = one core busy). */
  public record Phase(String name, long samples, long p50, long p90, long p99, long max, double serverCpuCores,
      double heapMb, double receivedMbPerSecond, long requests, long dropped, double producedPerSecond,
      double ingestLagMeanMs) {}

  /** Both phases. */
  public record Result(Options options, Phase streaming, Phase polling) {
    /** True when streaming p99 is below the target. */
    public boolean meets(long p99TargetMs) {
      return streaming.p99() >= 0 && streaming.p99() < p99TargetMs;
    }
  }

  private DashboardBenchmark() {}

  /** Runs both phases against the broker at {@code bootstrap} and prints a Markdown table to {@code out}. */
  public static Result run(String bootstrap, Options options, PrintWriter out) throws Exception {
    ensureTopics(bootstrap);
    Vertx vertx = Vertx.vertx();
    Map<String, Object> producerProps = KafkaClientConfig.producer(bootstrap, "shears-bench-dashboard");
    producerProps.put("linger.ms", 2);
    try (Producer<byte[], byte[]> producer = new KafkaProducer<>(producerProps)) {
      String experimentId = "bench-" + Long.toHexString(System.nanoTime());
      List<String> trialIds = new ArrayList<>();
      for (int i = 0; i < options.trials(); i++) {
        trialIds.add(experimentId + "-t" + i);
      }
      Load load = new Load(producer, experimentId, trialIds, options.eventsPerSecond());
      System.gc();
      long baselineHeap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();

      DashboardConfig config = DashboardConfig.of(bootstrap, "127.0.0.1", 0, DashboardConfig.DEFAULT_ORCHESTRATOR_URL,
          null);
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      DashboardVerticle dashboard = new DashboardVerticle(config, registry, Clock.systemUTC());
      vertx.deployVerticle(dashboard).await(30, TimeUnit.SECONDS);
      String base = "http://127.0.0.1:" + dashboard.actualPort();
      await(Duration.ofSeconds(60), "the dashboard to replay the topics", dashboard::caughtUp);
      seed(producer, experimentId, trialIds);
      await(Duration.ofSeconds(60), "the dashboard to learn all trials",
          () -> dashboard.state().trialsOf(experimentId).map(l -> l.size() == options.trials()).orElse(false));
      out.printf(Locale.ROOT, "Dashboard at %s, broker %s; %d trials × %d events/s, %d clients × %d trials;"
          + " load average %.1f on %d cores%n", base, bootstrap, options.trials(), options.eventsPerSecond(),
          options.clients(), options.trialsPerClient(), ManagementFactory.getOperatingSystemMXBean()
              .getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
      out.flush();

      load.start();
      try {
        // One warm-up under load for both phases (JIT, connection pools, broker batches), so that the
        // first phase is not measured on a colder JVM than the second.
        sleep(options.warmup());
        Timer lag = registry.find("shears.dashboard.ingest.lag").timer();
        Phase streaming = streamingPhase(base, trialIds, load, dashboard, options, baselineHeap, lag);
        Phase polling = pollingPhase(base, trialIds, load, dashboard, options, baselineHeap, lag);
        Result result = new Result(options, streaming, polling);
        print(result, out);
        out.printf(Locale.ROOT, "History rows held %d; load average now %.1f%n", dashboard.state().historyRows(),
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        out.flush();
        return result;
      } finally {
        load.stop();
        vertx.close().await(30, TimeUnit.SECONDS);
      }
    }
  }

  private static void print(Result r, PrintWriter out) {
    out.println();
    out.println("| observer | loss points timed | p50 ms | p90 ms | p99 ms | max ms | server CPU (cores) | dashboard heap after GC (MiB)"
        + " | received MB/s | HTTP requests | dropped | produced events/s | emit → dashboard state, mean ms |");
    out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Phase p : List.of(r.streaming(), r.polling())) {
      out.printf(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %.2f | %.0f | %.2f | %d | %d | %.0f | %.0f |%n",
          p.name(), p.samples(), p.p50(), p.p90(), p.p99(), p.max(), p.serverCpuCores(), p.heapMb(),
          p.receivedMbPerSecond(), p.requests(), p.dropped(), p.producedPerSecond(), p.ingestLagMeanMs());
    }
    out.printf(Locale.ROOT, "%nStreaming p99 %d ms (target < 250 ms): %s%n", r.streaming().p99(),
        r.meets(250) ? "met" : "NOT met");
    out.flush();
  }

  // ---- phases --------------------------------------------------------------------------------------------

  private static Phase streamingPhase(String base, List<String> trialIds, Load load, DashboardVerticle dashboard,
      Options o, long baselineHeap, Timer lag) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Map<String, Integer> index = indexOf(trialIds);
    AtomicBoolean measuring = new AtomicBoolean();
    AtomicBoolean running = new AtomicBoolean(true);
    List<StreamClient> clients = new ArrayList<>();
    for (int c = 0; c < o.clients(); c++) {
      List<String> mine = slice(trialIds, c, o.trialsPerClient());
      String channels = String.join(",", mine.stream().map(t -> "trial:" + t).toList());
      URI uri = URI.create(base + "/api/stream?channels=" + URLEncoder.encode(channels, StandardCharsets.UTF_8));
      StreamClient client = new StreamClient(http, uri, index, load.emitted, measuring, running);
      client.start("bench-sse-" + c);
      clients.add(client);
    }
    await(Duration.ofSeconds(30), "streaming clients to connect",
        () -> dashboard.hub().clientCount() == o.clients());
    sleep(SETTLE);
    Meter meter = Meter.start(load, lag);
    measuring.set(true);
    sleep(o.measure());
    measuring.set(false);
    long dropped = dashboard.hub().droppedTotal();
    Meter.Reading reading = meter.stop(load);
    running.set(false);
    LatencyHistogram h = new LatencyHistogram();
    long bytes = 0;
    for (StreamClient c : clients) {
      c.close();
      h.add(c.histogram);
      bytes += c.measuredBytes.get();
    }
    return phase("SSE stream (live)", h, reading, bytes, o.clients(), dropped, baselineHeap);
  }

  private static Phase pollingPhase(String base, List<String> trialIds, Load load, DashboardVerticle dashboard,
      Options o, long baselineHeap, Timer lag) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    AtomicBoolean measuring = new AtomicBoolean();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Poller> pollers = new ArrayList<>();
    Map<String, Integer> index = indexOf(trialIds);
    CountDownLatch loaded = new CountDownLatch(o.clients());
    for (int c = 0; c < o.clients(); c++) {
      Poller p = new Poller(http, base, slice(trialIds, c, o.trialsPerClient()), index, load.emitted, measuring,
          running, o.pollInterval(), loaded);
      p.start("bench-poll-" + c);
      pollers.add(p);
    }
    if (!loaded.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("polling clients did not load the trials' history within 60 s");
    }
    sleep(SETTLE);
    Meter meter = Meter.start(load, lag);
    long requestsBefore = pollers.stream().mapToLong(p -> p.requests.get()).sum();
    measuring.set(true);
    sleep(o.measure());
    measuring.set(false);
    Meter.Reading reading = meter.stop(load);
    long requests = pollers.stream().mapToLong(p -> p.requests.get()).sum() - requestsBefore;
    running.set(false);
    LatencyHistogram h = new LatencyHistogram();
    long bytes = 0;
    for (Poller p : pollers) {
      p.join();
      h.add(p.histogram);
      bytes += p.measuredBytes.get();
    }
    return phase("1 s polling", h, reading, bytes, requests, 0, baselineHeap);
  }

  private static Phase phase(String name, LatencyHistogram h, Meter.Reading r, long bytes, long requests,
      long dropped, long baselineHeap) {
    double seconds = r.wallNanos() / 1e9;
    return new Phase(name, h.count(), h.quantile(0.50), h.quantile(0.90), h.quantile(0.99), h.max(),
        r.cpuNanos() / (double) r.wallNanos(), (r.heapBytes() - baselineHeap) / 1048576.0, bytes / 1e6 / seconds,
        requests, dropped, r.events() / seconds, r.ingestLagMeanMs());
  }

  // ---- clients -------------------------------------------------------------------------------------------

  /** Reads an SSE stream and times every loss point against its emit time. */
  private static final class StreamClient {
    final LatencyHistogram histogram = new LatencyHistogram();
    final AtomicLong measuredBytes = new AtomicLong();
    private final HttpClient http;
    private final URI uri;
    private final Map<String, Integer> index;
    private final EmitLog emitted;
    private final AtomicBoolean measuring;
    private final AtomicBoolean running;
    private Thread thread;
    private volatile Stream<String> lines;

    StreamClient(HttpClient http, URI uri, Map<String, Integer> index, EmitLog emitted, AtomicBoolean measuring,
        AtomicBoolean running) {
      this.http = http;
      this.uri = uri;
      this.index = index;
      this.emitted = emitted;
      this.measuring = measuring;
      this.running = running;
    }

    void start(String name) {
      thread = new Thread(this::read, name);
      thread.setDaemon(true);
      thread.start();
    }

    private void read() {
      try {
        HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(uri)
            .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
        lines = response.body();
        lines.forEach(line -> {
          if (!running.get()) {
            throw new IllegalStateException("stopped");
          }
          if (line.startsWith("data: ")) {
            long now = System.nanoTime();
            boolean measured = measuring.get();
            if (measured) {
              measuredBytes.addAndGet(line.length() + 1);
            }
            onBatch(line.substring(6), now, measured);
          }
        });
      } catch (IllegalStateException | java.io.IOException | java.io.UncheckedIOException e) {
        // stopped, or the server went away at the end
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void onBatch(String json, long now, boolean measured) {
      if (!measured) {
        return;
      }
      // A plain scan instead of a JSON tree: the clients share the dashboard's two cores.
      String marker = "{\"type\":\"points\",\"trialId\":\"";
      int at = json.indexOf(marker);
      while (at >= 0) {
        int idStart = at + marker.length();
        int idEnd = json.indexOf('"', idStart);
        Integer trial = index.get(json.substring(idStart, idEnd));
        if (trial != null && json.startsWith(",\"series\":\"loss\"", idEnd + 1)) {
          int x = json.indexOf("\"x\":[", idEnd) + 5;
          int end = json.indexOf(']', x);
          int from = x;
          while (from < end) {
            int comma = json.indexOf(',', from);
            int stop = comma < 0 || comma > end ? end : comma;
            long step = Long.parseLong(json, from, stop, 10);
            long sent = emitted.sentAt(trial, step);
            if (sent != 0) {
              histogram.record(now - sent);
            }
            from = stop + 1;
          }
        }
        at = json.indexOf(marker, idEnd);
      }
    }

    void close() throws InterruptedException {
      Stream<String> s = lines;
      if (s != null) {
        s.close();
      }
      thread.join(5000);
    }
  }

  /** Asks for each of its trials' new loss rows every interval, as a polling UI refresh would. */
  private static final class Poller {
    final LatencyHistogram histogram = new LatencyHistogram();
    final AtomicLong measuredBytes = new AtomicLong();
    final AtomicLong requests = new AtomicLong();
    private final HttpClient http;
    private final String base;
    private final List<String> trials;
    private final Map<String, Integer> index;
    private final EmitLog emitted;
    private final AtomicBoolean measuring;
    private final AtomicBoolean running;
    private final Duration interval;
    private final Map<String, Long> last = new HashMap<>();
    private final CountDownLatch loaded;
    private volatile boolean initial = true;
    private Thread thread;

    Poller(HttpClient http, String base, List<String> trials, Map<String, Integer> index, EmitLog emitted,
        AtomicBoolean measuring, AtomicBoolean running, Duration interval, CountDownLatch loaded) {
      this.loaded = loaded;
      this.http = http;
      this.base = base;
      this.trials = trials;
      this.index = index;
      this.emitted = emitted;
      this.measuring = measuring;
      this.running = running;
      this.interval = interval;
    }

    void start(String name) {
      thread = new Thread(this::loop, name);
      thread.setDaemon(true);
      thread.start();
    }

    void join() throws InterruptedException {
      thread.join(30_000);
    }

    private void loop() {
      long next = System.nanoTime();
      Semaphore inFlight = new Semaphore(8);
      while (running.get()) {
        CountDownLatch done = new CountDownLatch(trials.size());
        for (String trial : trials) {
          long after = last.getOrDefault(trial, -1L);
          URI uri = URI.create(base + "/api/trials/" + trial + "/series/loss?mode=none&after=" + after);
          inFlight.acquireUninterruptibly();
          requests.incrementAndGet();
          http.sendAsync(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
              .whenComplete((response, error) -> {
                try {
                  if (error == null && response.statusCode() == 200) {
                    onRows(trial, response.body(), System.nanoTime());
                  }
                } finally {
                  inFlight.release();
                  done.countDown();
                }
              });
        }
        try {
          done.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        if (initial) {
          // The first round loads each chart's history, as a page load does; only later rounds are timed.
          initial = false;
          loaded.countDown();
        }
        next += interval.toNanos();
        long wait = next - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        } else {
          next = System.nanoTime();
        }
      }
    }

    private void onRows(String trial, String body, long now) {
      JsonNode slice;
      try {
        slice = MAPPER.readTree(body);
      } catch (java.io.IOException e) {
        return;
      }
      boolean measured = measuring.get() && !initial;
      if (measured) {
        measuredBytes.addAndGet(body.length());
      }
      int t = index.get(trial);
      long newest = -1;
      synchronized (this) {
        for (JsonNode x : slice.path("x")) {
          long step = x.asLong();
          newest = Math.max(newest, step);
          long sent = emitted.sentAt(t, step);
          if (measured && sent != 0) {
            histogram.record(now - sent);
          }
        }
        if (newest >= 0) {
          last.merge(trial, newest, Math::max);
        }
      }
    }
  }

  // ---- load ----------------------------------------------------------------------------------------------

  /** When each trial's steps were handed to the producer (System.nanoTime), by step modulo a ring. */
  private static final class EmitLog {
    private final AtomicLongArray[] sent;
    private final AtomicLongArray[] steps;

    EmitLog(int trials) {
      sent = new AtomicLongArray[trials];
      steps = new AtomicLongArray[trials];
      for (int i = 0; i < trials; i++) {
        sent[i] = new AtomicLongArray(RING);
        steps[i] = new AtomicLongArray(RING);
      }
    }

    void record(int trial, long step, long nanos) {
      int slot = (int) (step % RING);
      sent[trial].set(slot, nanos);
      steps[trial].set(slot, step);
    }

    long sentAt(int trial, long step) {
      int slot = (int) (step % RING);
      return steps[trial].get(slot) == step ? sent[trial].get(slot) : 0;
    }
  }

  /** Emits each trial's steps at a fixed rate from one thread, trials spread evenly over each period. */
  private static final class Load {
    final EmitLog emitted;
    final AtomicLong events = new AtomicLong();
    private final Producer<byte[], byte[]> producer;
    private final List<SimulatedTrial> sims = new ArrayList<>();
    private final long stepPeriodNanos;
    private final EventCodec codec = new EventCodec();
    private volatile boolean running = true;
    private Thread thread;

    Load(Producer<byte[], byte[]> producer, String experimentId, List<String> trialIds, int eventsPerSecond) {
      this.producer = producer;
      this.emitted = new EmitLog(trialIds.size());
      for (int i = 0; i < trialIds.size(); i++) {
        sims.add(new SimulatedTrial(experimentId, trialIds.get(i), 6, 8, 10, 0.6, 2000, i));
      }
      // Two events (loss, Lagrangian) per step.
      this.stepPeriodNanos = 2_000_000_000L / eventsPerSecond;
    }

    void start() {
      thread = new Thread(this::run, "bench-load");
      thread.setDaemon(true);
      thread.start();
    }

    private void run() {
      int n = sims.size();
      long start = System.nanoTime();
      long[] due = new long[n];
      for (int i = 0; i < n; i++) {
        due[i] = start + stepPeriodNanos * i / n;
      }
      int next = 0;
      while (running) {
        long wait = due[next] - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
          continue;
        }
        SimulatedTrial sim = sims.get(next);
        long step = sim.step();
        long now = System.nanoTime();
        emitted.record(next, step, now);
        for (Envelope e : sim.next(Instant.now())) {
          producer.send(new ProducerRecord<>(Topics.TELEMETRY, e.key().getBytes(StandardCharsets.UTF_8),
              codec.encode(e)));
          events.incrementAndGet();
        }
        due[next] += stepPeriodNanos;
        next = (next + 1) % n;
      }
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join(5000);
      producer.flush();
    }
  }

  /** Dashboard-thread CPU, produced events and wall time over a phase; heap after a full GC at its end. */
  private record Meter(long cpu, long events, long wall, Timer lag, long lagCount, double lagTotal) {
    record Reading(long cpuNanos, long events, long wallNanos, long heapBytes, double ingestLagMeanMs) {}

    static Meter start(Load load, Timer lag) {
      return new Meter(dashboardCpu(), load.events.get(), System.nanoTime(), lag, lag.count(), lag.totalTime(TimeUnit.MILLISECONDS));
    }

    Reading stop(Load load) {
      long w = System.nanoTime() - wall;
      long c = dashboardCpu() - cpu;
      long e = load.events.get() - events;
      long n = lag.count() - lagCount;
      double meanLag = n == 0 ? Double.NaN : (lag.totalTime(TimeUnit.MILLISECONDS) - lagTotal) / n;
      System.gc();
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      return new Reading(c, e, w, heap, meanLag);
    }

    private static long dashboardCpu() {
      ThreadMXBean mx = ManagementFactory.getThreadMXBean();
      long total = 0;
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        String name = t.getName();
        if (name.startsWith("vert.x-") || name.startsWith("shears-dashboard")) {
          long ns = mx.getThreadCpuTime(t.getId());
          if (ns > 0) {
            total += ns;
          }
        }
      }
      return total;
    }
  }

  // ---- helpers -------------------------------------------------------------------------------------------

  private static void seed(Producer<byte[], byte[]> producer, String experimentId, List<String> ids) {
    EventCodec codec = new EventCodec();
    Instant now = Instant.now();
    com.fasterxml.jackson.databind.node.ObjectNode spec = spec();
    send(producer, codec, Envelope.of(new ExperimentSubmitted("dashboard benchmark", null, spec, ids.size(),
        "bench"), experimentId, null, 0, 0, now));
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      send(producer, codec, Envelope.of(new TrialCreated(i, spec, 1, 8, 0, 3), experimentId, id, 0, 1, now));
      send(producer, codec, Envelope.of(new TrialStarted("bench-worker"), experimentId, id, 0, 2, now));
      send(producer, codec, Envelope.of(new StageStarted(SimulatedTrial.STAGE, 0), experimentId, id, 0, 3, now));
    }
    producer.flush();
  }

  /** The spec of a benchmark's trials. */
  static com.fasterxml.jackson.databind.node.ObjectNode spec() {
    return MAPPER.createObjectNode().put("method", "nash");
  }

  static void send(Producer<byte[], byte[]> producer, EventCodec codec, Envelope e) {
    producer.send(new ProducerRecord<>(e.topic(), e.key().getBytes(StandardCharsets.UTF_8), codec.encode(e)));
  }

  /** Creates the catalogue's topics that are missing, with no more replicas than the cluster has brokers. */
  static void ensureTopics(String bootstrap) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
      List<NewTopic> topics = new ArrayList<>();
      for (TopicSpec t : Topics.CATALOGUE) {
        TopicSpec s = t.forCluster(brokers);
        topics.add(new NewTopic(s.name(), s.partitions(), s.replicationFactor()).configs(s.configs()));
      }
      for (var f : admin.createTopics(topics).values().values()) {
        try {
          f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    }
  }

  private static Map<String, Integer> indexOf(List<String> ids) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      index.put(ids.get(i), i);
    }
    return index;
  }

  private static List<String> slice(List<String> ids, int client, int size) {
    List<String> out = new ArrayList<>(size);
    int start = client * size;
    for (int k = 0; k < Math.min(size, ids.size()); k++) {
      out.add(ids.get((start + k) % ids.size()));
    }
    return out;
  }

  private static void sleep(Duration d) throws InterruptedException {
    Thread.sleep(d.toMillis());
  }

  static void await(Duration timeout, String what, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(20);
    }
  }
}
