package dev.shears.launcher.bench;

import dev.shears.broker.KafkaBroker;
import dev.shears.events.Envelope;
import dev.shears.events.EventCodec;
import dev.shears.events.EventDeserializer;
import dev.shears.events.EventSerializer;
import dev.shears.events.KafkaClientConfig;
import dev.shears.events.LossEvent;
import dev.shears.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Telemetry throughput and latency through a real Kafka broker: {@link LossEvent} envelopes written with
 * {@link EventSerializer} and read with {@link EventDeserializer}, against raw kafka-clients sending the same
 * bytes (envelopes encoded before the clock starts) in the same run, on the same broker and client settings
 * ({@link KafkaClientConfig}: idempotent, acks=all, lz4, linger 5 ms).
 *
 * <p>Two phases per path. Throughput: {@code events} records sent as fast as the producer accepts them while
 * a consumer reads them back; events/s is the count over the time from the first send to the last record
 * read. Latency: {@code latencyEvents} records at a steady {@code latencyRate}; each carries its send time
 * ({@link System#nanoTime()}) in a header, and the consumer, in the same JVM, records the difference.
 * Warm-up rounds run first and are not reported; each measured figure is the median over {@code rounds}.
 */
public final class EventsBenchmark {

  /** Header holding the send time, 8 bytes of {@link System#nanoTime()}. */
  static final String SENT_AT = "shears.sent-ns";

  private static final Duration READ_TIMEOUT = Duration.ofMinutes(3);
  private static final int POOL = 4096;

  private final Options options;
  private final PrintWriter out;
  private final EventCodec codec = new EventCodec();

  private EventsBenchmark(Options options, PrintWriter out) {
    this.options = options;
    this.out = out;
  }

  /**
   * Runs the benchmark and prints a report.
   *
   * @return 0 when it ran and, if {@link Options#enforceTargets()}, met both targets; 1 when it ran and
   *     missed a target
   */
  public static int run(Options options, PrintStream out) {
    return run(options, new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
  }

  /** As {@link #run(Options, PrintStream)}, printing to a writer such as picocli's {@code getOut()}. */
  public static int run(Options options, PrintWriter out) {
    Report report = measure(options, out);
    report.print(out);
    out.flush();
    return options.enforceTargets() && !report.meetsTargets() ? 1 : 0;
  }

  /** Runs the benchmark with {@link Options#defaults()}; an optional first argument sets the event count. */
  public static void main(String[] args) {
    // Kafka clients log every config at INFO; the report is what this entry point is for.
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "warn");
    Options options = Options.defaults();
    if (args.length > 0) {
      options = options.withEvents(Integer.parseInt(args[0]));
    }
    System.exit(run(options, System.out));
  }

  /**
   * Measures both paths, printing progress (one line per round) to {@code progress}; starts an embedded
   * broker unless {@link Options#bootstrap()} names one.
   */
  public static Report measure(Options options, PrintWriter progress) {
    return new EventsBenchmark(options, progress).measure();
  }

  private Report measure() {
    if (options.bootstrap() != null) {
      return measure(options.bootstrap(), null);
    }
    Path dir = options.dataDir();
    boolean temporary = dir == null;
    try {
      if (temporary) {
        dir = Files.createTempDirectory("shears-bench-kafka");
      }
      long start = System.nanoTime();
      try (KafkaBroker broker = KafkaBroker.builder().dataDir(dir).build().start()) {
        Duration startup = Duration.ofNanos(System.nanoTime() - start);
        return measure(broker.bootstrapServers(), new BrokerFacts(broker, startup));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a data directory for the benchmark broker", e);
    } finally {
      if (temporary && dir != null) {
        deleteTree(dir);
      }
    }
  }

  private Report measure(String bootstrap, BrokerFacts broker) {
    Workload workload = new Workload(options, codec);
    out.printf(Locale.ROOT, "events benchmark: %,d LossEvent envelopes per round (mean value %d B), %d partitions,"
            + " %d trials, %d warm-up + %d measured rounds%n", options.events(), workload.meanValueBytes(),
        options.partitions(), options.trials(), options.warmupRounds(), options.rounds());
    if (broker != null) {
      out.printf(Locale.ROOT, "embedded broker pid %d started in %d ms%n", broker.broker().pid(),
          broker.startup().toMillis());
    }
    TopicFactory topics = new TopicFactory(bootstrap, broker == null ? null : broker.broker(), options);
    CpuClock cpu = new CpuClock(broker == null ? null : ProcessHandle.of(broker.broker().pid()).orElse(null));
    List<PathRun> raw = new ArrayList<>();
    List<PathRun> codecRuns = new ArrayList<>();
    for (int round = 0; round < options.warmupRounds() + options.rounds(); round++) {
      boolean warmup = round < options.warmupRounds();
      PathRun r = runPath("raw", bootstrap, topics.next("raw"), workload.rawPath(), cpu);
      PathRun c = runPath("codec", bootstrap, topics.next("codec"), workload.codecPath(), cpu);
      out.printf(Locale.ROOT, "  %s round %d: raw %,.0f events/s (%.1f CPU us/event), codec %,.0f events/s"
              + " (%.1f CPU us/event)%n", warmup ? "warm-up" : "measured", round + 1, r.eventsPerSecond(),
          r.cpuMicrosPerEvent(), c.eventsPerSecond(), c.cpuMicrosPerEvent());
      out.flush();
      if (!warmup) {
        raw.add(r);
        codecRuns.add(c);
      }
    }
    return new Report(options, workload.meanValueBytes(), cpu.includesBroker(), PathRun.median("raw", raw),
        PathRun.median("codec", codecRuns));
  }

  private <K, V> PathRun runPath(String name, String bootstrap, String topic, Route<K, V> route, CpuClock cpu) {
    int n = options.events();
    long cpuBefore = cpu.nanos();
    long seconds = throughput(bootstrap, topic + "-t", route);
    long cpuNanos = cpu.nanos() - cpuBefore;
    long[] latencies = latency(bootstrap, topic + "-l", route);
    return new PathRun(name, n / (seconds / 1e9), (double) cpuNanos / n / 1e3, latencies);
  }

  /** Nanoseconds from the first send to the last record read. */
  private <K, V> long throughput(String bootstrap, String topic, Route<K, V> route) {
    int n = options.events();
    try (Reader<K, V> reader = new Reader<>(bootstrap, topic, options.partitions(), route, n)) {
      reader.awaitReady();
      try (KafkaProducer<K, V> producer = producer(bootstrap, route)) {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
          producer.send(route.record(topic, i, System.nanoTime()));
        }
        producer.flush();
        return reader.awaitEnd() - start;
      }
    }
  }

  /** Send-to-read latencies in nanoseconds at a steady rate. */
  private <K, V> long[] latency(String bootstrap, String topic, Route<K, V> route) {
    int n = options.latencyEvents();
    try (Reader<K, V> reader = new Reader<>(bootstrap, topic, options.partitions(), route, n)) {
      reader.awaitReady();
      try (KafkaProducer<K, V> producer = producer(bootstrap, route)) {
        long start = System.nanoTime();
        double interval = 1e9 / options.latencyRate();
        for (int i = 0; i < n; i++) {
          long due = start + (long) (i * interval);
          for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
            LockSupport.parkNanos(due - now);
          }
          producer.send(route.record(topic, i, System.nanoTime()));
        }
        producer.flush();
        reader.awaitEnd();
        return reader.latencies();
      }
    }
  }

  private <K, V> KafkaProducer<K, V> producer(String bootstrap, Route<K, V> route) {
    Map<String, Object> config = KafkaClientConfig.producer(bootstrap, "shears-bench-" + route.name());
    config.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
    config.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
    return new KafkaProducer<>(config, route.keySerializer(), route.valueSerializer());
  }

  /** A consumer on its own thread that reads one topic from the beginning until it has seen {@code expected}. */
  private static final class Reader<K, V> implements AutoCloseable {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "bench-reader"));
    private final CountDownLatch ready = new CountDownLatch(1);
    private final long[] latencies;
    private final Future<Long> end;
    private volatile boolean stopped;

    Reader(String bootstrap, String topic, int partitions, Route<K, V> route, int expected) {
      this.latencies = new long[expected];
      this.end = thread.submit(() -> read(bootstrap, topic, partitions, route, expected));
    }

    private long read(String bootstrap, String topic, int partitions, Route<K, V> route, int expected) {
      Map<String, Object> config = KafkaClientConfig.consumer(bootstrap, "shears-bench-reader", null);
      config.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
      config.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
      config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
      try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(config, route.keyDeserializer(),
          route.valueDeserializer())) {
        List<TopicPartition> all = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
          all.add(new TopicPartition(topic, p));
        }
        consumer.assign(all);
        consumer.seekToBeginning(all);
        all.forEach(consumer::position);
        ready.countDown();
        int seen = 0;
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (seen < expected) {
          if (stopped || System.nanoTime() > deadline) {
            throw new IllegalStateException("Read " + seen + " of " + expected + " records from " + topic
                + (stopped ? " before the benchmark stopped" : " within " + READ_TIMEOUT));
          }
          for (ConsumerRecord<K, V> r : consumer.poll(Duration.ofMillis(100))) {
            long now = System.nanoTime();
            Header sent = r.headers().lastHeader(SENT_AT);
            if (r.value() == null || sent == null) {
              throw new IllegalStateException("Record without value or send time at " + r.topic() + "-"
                  + r.partition() + "@" + r.offset());
            }
            if (seen < expected) {
              latencies[seen] = now - ByteBuffer.wrap(sent.value()).getLong();
            }
            seen++;
          }
        }
        return System.nanoTime();
      }
    }

    void awaitReady() {
      try {
        while (!ready.await(100, TimeUnit.MILLISECONDS)) {
          if (end.isDone()) {
            end.get();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while the reader started", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("The reader failed to start: " + e.getCause(), e.getCause());
      }
    }

    long awaitEnd() {
      try {
        return end.get(READ_TIMEOUT.toMillis() + 10_000, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while reading", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
      } catch (TimeoutException e) {
        throw new IllegalStateException("The reader did not finish within " + READ_TIMEOUT, e);
      }
    }

    long[] latencies() {
      return latencies;
    }

    @Override
    public void close() {
      stopped = true;
      thread.shutdown();
      try {
        if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
          thread.shutdownNow();
        }
      } catch (InterruptedException e) {
        thread.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }

  /** How one path builds its records and which serdes it uses. */
  private interface Route<K, V> {
    String name();

    ProducerRecord<K, V> record(String topic, int index, long sentAtNanos);

    Serializer<K> keySerializer();

    Serializer<V> valueSerializer();

    Deserializer<K> keyDeserializer();

    Deserializer<V> valueDeserializer();
  }

  /** The records both paths send: the same trials, steps and loss values, so the same bytes on the wire. */
  private static final class Workload {
    private final Options options;
    private final EventCodec codec;
    private final String[] trialIds;
    private final byte[][] trialKeys;
    private final LossEvent[] losses;
    private final byte[][] encoded;

    Workload(Options options, EventCodec codec) {
      this.options = options;
      this.codec = codec;
      trialIds = new String[options.trials()];
      trialKeys = new byte[options.trials()][];
      for (int t = 0; t < trialIds.length; t++) {
        trialIds[t] = "trial-" + t;
        trialKeys[t] = trialIds[t].getBytes(StandardCharsets.UTF_8);
      }
      SplittableRandom random = new SplittableRandom(options.seed());
      losses = new LossEvent[POOL];
      encoded = new byte[POOL][];
      for (int i = 0; i < POOL; i++) {
        double kd = random.nextDouble(0.5, 4.0);
        double enc = random.nextDouble(0.0, 1.0);
        double dec = random.nextDouble(0.0, 1.0);
        double lagrangian = random.nextDouble(-0.05, 0.05);
        losses[i] = new LossEvent(i, "prune", kd + enc + dec + lagrangian, kd, enc, dec, 0.0, lagrangian,
            3.0e-5 * random.nextDouble(0.1, 1.0));
        encoded[i] = codec.encode(envelope(i, Instant.now()));
      }
    }

    private Envelope envelope(int index, Instant ts) {
      int trial = index % trialIds.length;
      return Envelope.of(losses[index % POOL], "bench", trialIds[trial], 1, index / trialIds.length, ts);
    }

    int meanValueBytes() {
      return (int) Math.round(Arrays.stream(encoded).mapToInt(b -> b.length).average().orElse(0));
    }

    /** Pre-encoded envelopes as {@code byte[]}: Kafka's cost alone. */
    Route<byte[], byte[]> rawPath() {
      return new SimpleRoute<>("raw", (topic, i, sent) -> new ProducerRecord<>(topic, null,
          trialKeys[i % trialKeys.length], encoded[i % POOL], List.of(sentAt(sent))),
          new ByteArraySerializer(), new ByteArraySerializer(),
          new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Envelopes built, encoded, decoded and validated per record, as the services do. */
    Route<String, Envelope> codecPath() {
      return new SimpleRoute<>("codec", (topic, i, sent) -> new ProducerRecord<>(topic, null,
          trialIds[i % trialIds.length], envelope(i, Instant.now()), List.of(sentAt(sent))),
          new StringSerializer(), new EventSerializer(codec),
          new StringDeserializer(), new EventDeserializer(codec));
    }

    private static Header sentAt(long nanos) {
      return new RecordHeader(SENT_AT, ByteBuffer.allocate(Long.BYTES).putLong(nanos).array());
    }
  }

  @FunctionalInterface
  private interface RecordFactory<K, V> {
    ProducerRecord<K, V> create(String topic, int index, long sentAtNanos);
  }

  private record SimpleRoute<K, V>(String name, RecordFactory<K, V> factory, Serializer<K> keySerializer,
                                  Serializer<V> valueSerializer, Deserializer<K> keyDeserializer,
                                  Deserializer<V> valueDeserializer) implements Route<K, V> {
    @Override
    public ProducerRecord<K, V> record(String topic, int index, long sentAtNanos) {
      return factory.create(topic, index, sentAtNanos);
    }
  }

  /** Fresh topics per run, configured like {@link Topics#TELEMETRY} but with one replica. */
  private static final class TopicFactory {
    private final String bootstrap;
    private final KafkaBroker broker;
    private final Options options;
    private final String prefix = "shears.bench." + Long.toHexString(System.nanoTime());
    private int created;

    TopicFactory(String bootstrap, KafkaBroker broker, Options options) {
      this.bootstrap = bootstrap;
      this.broker = broker;
      this.options = options;
    }

    String next(String name) {
      String base = prefix + "." + name + "." + created++;
      Map<String, String> configs = Topics.spec(Topics.TELEMETRY).configs();
      List<NewTopic> topics = List.of(
          new NewTopic(base + "-t", options.partitions(), (short) 1).configs(configs),
          new NewTopic(base + "-l", options.partitions(), (short) 1).configs(configs));
      if (broker != null) {
        broker.createTopics(topics);
      } else {
        createOn(bootstrap, topics);
      }
      return base;
    }

    private static void createOn(String bootstrap, List<NewTopic> topics) {
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
        admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException("Cannot create benchmark topics on " + bootstrap + ": " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while creating benchmark topics", e);
      }
    }
  }

  private record BrokerFacts(KafkaBroker broker, Duration startup) {
  }

  /** CPU time used so far by this JVM and, when known, by the broker's JVM. */
  private static final class CpuClock {
    private final com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final ProcessHandle broker;

    CpuClock(ProcessHandle broker) {
      this.broker = broker;
    }

    boolean includesBroker() {
      return broker != null;
    }

    long nanos() {
      long own = os.getProcessCpuTime();
      long other = broker == null ? 0 : broker.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
      return own + other;
    }
  }

  /** One path's figures: throughput and send-to-read latencies. */
  public record PathRun(String name, double eventsPerSecond, double cpuMicrosPerEvent, long[] latencyNanos) {

    double percentileMillis(double p) {
      long[] sorted = latencyNanos.clone();
      Arrays.sort(sorted);
      int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
      return sorted[Math.max(0, index)] / 1e6;
    }

    /** Median throughput and CPU cost over the rounds; latencies pooled over all rounds. */
    static PathRun median(String name, List<PathRun> runs) {
      double[] rates = runs.stream().mapToDouble(PathRun::eventsPerSecond).sorted().toArray();
      double[] cpu = runs.stream().mapToDouble(PathRun::cpuMicrosPerEvent).sorted().toArray();
      long[] pooled = runs.stream().flatMapToLong(r -> Arrays.stream(r.latencyNanos())).toArray();
      return new PathRun(name, rates[rates.length / 2], cpu[cpu.length / 2], pooled);
    }
  }

  /**
   * The measured figures.
   *
   * @param options the settings they were measured with
   * @param meanValueBytes mean encoded envelope size
   * @param cpuIncludesBroker whether CPU per event counts the broker process besides this JVM
   * @param raw pre-encoded {@code byte[]} values
   * @param codec envelopes through {@link EventSerializer} / {@link EventDeserializer}
   */
  public record Report(Options options, int meanValueBytes, boolean cpuIncludesBroker, PathRun raw, PathRun codec) {

    /** Raw throughput over codec throughput: 1.0 means the codec costs nothing. */
    public double codecCost() {
      return raw.eventsPerSecond() / codec.eventsPerSecond();
    }

    /**
     * Codec CPU time per event over raw CPU time per event. Unlike {@link #codecCost()} it holds when other
     * processes compete for the cores.
     */
    public double codecCpuCost() {
      return codec.cpuMicrosPerEvent() / raw.cpuMicrosPerEvent();
    }

    /** Codec events per second (median round). */
    public double codecEventsPerSecond() {
      return codec.eventsPerSecond();
    }

    /** Raw events per second (median round). */
    public double rawEventsPerSecond() {
      return raw.eventsPerSecond();
    }

    public boolean meetsTargets() {
      return codec.eventsPerSecond() >= options.targetEventsPerSecond() && codecCost() <= options.maxCodecCost();
    }

    /** Prints the figures as a table, then the targets and whether they were met. */
    public void print(PrintWriter out) {
      out.printf(Locale.ROOT, "%-6s %12s %8s %12s %9s %9s %9s%n", "path", "events/s", "MB/s", "CPU us/ev",
          "p50 ms", "p99 ms", "max ms");
      for (PathRun r : List.of(raw, codec)) {
        out.printf(Locale.ROOT, "%-6s %,12.0f %8.1f %12.1f %9.2f %9.2f %9.2f%n", r.name(), r.eventsPerSecond(),
            r.eventsPerSecond() * meanValueBytes / 1e6, r.cpuMicrosPerEvent(), r.percentileMillis(50),
            r.percentileMillis(99), r.percentileMillis(100));
      }
      out.printf(Locale.ROOT, "CPU per event counts %s; latency at %,d events/s, %,d events per round%n",
          cpuIncludesBroker ? "this JVM and the broker JVM" : "this JVM only", options.latencyRate(),
          options.latencyEvents());
      out.printf(Locale.ROOT, "codec cost: %.2fx raw in throughput, %.2fx raw in CPU per event%n", codecCost(),
          codecCpuCost());
      out.printf(Locale.ROOT, "targets: >= %,d codec events/s %s; codec cost <= %.2fx %s%n",
          options.targetEventsPerSecond(),
          codec.eventsPerSecond() >= options.targetEventsPerSecond() ? "met" : "MISSED",
          options.maxCodecCost(), codecCost() <= options.maxCodecCost() ? "met" : "MISSED");
    }
  }

  /**
   * Benchmark settings.
   *
   * @param events records per throughput run
   * @param latencyEvents records per latency run
   * @param latencyRate records per second in the latency run
   * @param rounds measured rounds (the median is reported)
   * @param warmupRounds unreported rounds first
   * @param partitions partitions of each benchmark topic
   * @param trials distinct record keys
   * @param seed seed of the loss values
   * @param bootstrap an existing broker, or null to start an embedded one
   * @param dataDir data directory of the embedded broker, or null for a temporary one
   * @param targetEventsPerSecond codec throughput the report checks
   * @param maxCodecCost largest acceptable raw/codec throughput ratio
   * @param enforceTargets whether {@link #run} returns 1 when a target is missed
   */
  public record Options(int events, int latencyEvents, int latencyRate, int rounds, int warmupRounds,
                        int partitions, int trials, long seed, String bootstrap, Path dataDir,
                        int targetEventsPerSecond, double maxCodecCost, boolean enforceTargets) {

    public Options {
      List<String> problems = new ArrayList<>();
      positive(problems, "events", events);
      positive(problems, "latencyEvents", latencyEvents);
      positive(problems, "latencyRate", latencyRate);
      positive(problems, "rounds", rounds);
      positive(problems, "partitions", partitions);
      positive(problems, "trials", trials);
      if (warmupRounds < 0) {
        problems.add("Invalid value " + warmupRounds + " for warmupRounds: must be >= 0");
      }
      if (!(maxCodecCost >= 1.0)) {
        problems.add("Invalid value " + maxCodecCost + " for maxCodecCost: must be >= 1");
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", problems));
      }
    }

    /** 200,000 events, 3 measured rounds after 1 warm-up, as many partitions as {@link Topics#TELEMETRY}. */
    public static Options defaults() {
      return new Options(200_000, 20_000, 5_000, 3, 1, Topics.spec(Topics.TELEMETRY).partitions(), 16, 42L, null,
          null, 100_000, 1.5, false);
    }

    public Options withEvents(int n) {
      return new Options(n, latencyEvents, latencyRate, rounds, warmupRounds, partitions, trials, seed,
          bootstrap, dataDir, targetEventsPerSecond, maxCodecCost, enforceTargets);
    }

    public Options withRounds(int measured, int warmup) {
      return new Options(events, latencyEvents, latencyRate, measured, warmup, partitions, trials, seed,
          bootstrap, dataDir, targetEventsPerSecond, maxCodecCost, enforceTargets);
    }

    public Options withBootstrap(String servers) {
      return new Options(events, latencyEvents, latencyRate, rounds, warmupRounds, partitions, trials, seed,
          servers, dataDir, targetEventsPerSecond, maxCodecCost, enforceTargets);
    }

    public Options withEnforcedTargets(boolean enforce) {
      return new Options(events, latencyEvents, latencyRate, rounds, warmupRounds, partitions, trials, seed,
          bootstrap, dataDir, targetEventsPerSecond, maxCodecCost, enforce);
    }

    private static void positive(List<String> problems, String name, int value) {
      if (value < 1) {
        problems.add("Invalid value " + value + " for " + name + ": must be >= 1");
      }
    }
  }

  private static void deleteTree(Path dir) {
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
          Files.deleteIfExists(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      // A leftover temporary directory does not change the measured figures.
    }
  }
}
