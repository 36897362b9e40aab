package dev.shears.dashboard.ingest;

import dev.shears.dashboard.state.Change;
import dev.shears.dashboard.state.DashboardState;
import dev.shears.dashboard.stream.StreamHub;
import dev.shears.events.DeadLetterRouter;
import dev.shears.events.Envelope;
import dev.shears.events.EventCodec;
import dev.shears.events.Topics;
import dev.shears.events.WorkerHeartbeat;
import dev.shears.ops.ConsumerLag;
import dev.shears.ops.Heartbeat;
import dev.shears.ops.Liveness;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails every topic the dashboard shows on one dedicated thread (no consumer group: each dashboard rebuilds its
 * whole picture), decodes through a {@link DeadLetterRouter}, applies events to the {@link DashboardState} and
 * hands changes to the {@link StreamHub}. The same thread writes the dashboard's own heartbeats, so no Kafka call
 * ever runs on an event loop. Topics that do not exist yet are picked up when they appear.
 *
 * <p>Start-up reads in two phases, so that its time and memory follow the trials still running rather than all
 * telemetry ever written: first every topic but {@code shears.telemetry} from its beginning (the trial log and
 * the per-trial summaries on {@code shears.trial-history} among them), then {@code shears.telemetry} only from the
 * first placement of the earliest trial that has no summary (or from its end when every placed trial has one).
 * As the history writer, a {@link HistoryWriter} on a thread of its own writes a summary of every finished trial
 * whose summary is missing or out of date, once this loop has caught up.
 *
 * <p>An unexpected failure of this loop is fatal ({@link Liveness#loopDied}): the records of the batch being applied
 * are already past the consumer's position, so going on would show a picture with holes. The dashboard turns
 * unhealthy, its heartbeats stop with the loop, and a restarted process replays every topic from the beginning.
 */
public final class KafkaIngest implements AutoCloseable {
  /** Topics the dashboard reads. */
  public static final List<String> TOPICS = List.of(Topics.EXPERIMENTS, Topics.TRIALS, Topics.TELEMETRY,
      Topics.CHECKPOINTS, Topics.EVALUATIONS, Topics.FLEET, Topics.TRIAL_HISTORY);
  private static final List<String> FIRST_PHASE = TOPICS.stream().filter(t -> !t.equals(Topics.TELEMETRY)).toList();
  /** Producers' clocks may run behind the orchestrator's: telemetry is read from this long before it is needed. */
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
  private static final Duration SUMMARY_INTERVAL = Duration.ofSeconds(1);
  /** This loop's name in logs and on {@code /health}. */
  public static final String LOOP = "dashboard ingest";
  private static final Logger LOG = LoggerFactory.getLogger(KafkaIngest.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration METADATA_REFRESH = Duration.ofSeconds(5);

  private final Consumer<byte[], byte[]> consumer;
  private final Producer<byte[], byte[]> producer;
  private final DeadLetterRouter router;
  private final DashboardState state;
  private final StreamHub hub;
  private final Clock clock;
  private final EventCodec codec;
  private final WorkerHeartbeat heartbeat;
  private final Heartbeat beat;
  private final Duration heartbeatInterval;
  private final Liveness liveness;
  private final HistoryWriter historyWriter;
  private final Counter accepted;
  private final Timer lag;
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private final Set<TopicPartition> assigned = new HashSet<>();
  private Map<TopicPartition, Long> catchUpTarget;
  private volatile boolean caughtUp;
  private boolean readingTelemetry;
  private volatile boolean running = true;
  private long nextMetadata;
  private long nextHeartbeat;
  private Thread thread;

  /**
   * @param consumer a consumer without group; owned and closed by this ingest
   * @param producer for dead letters and heartbeats; owned and closed by this ingest
   * @param heartbeat the dashboard's own heartbeat, sent every {@code heartbeatInterval}
   * @param liveness told when this loop dies
   * @param writeHistory whether this dashboard writes the trial summaries ({@code dashboard.history.writer})
   */
  public KafkaIngest(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer, DashboardState state,
      StreamHub hub, Clock clock, MeterRegistry registry, WorkerHeartbeat heartbeat, Duration heartbeatInterval,
      Liveness liveness, boolean writeHistory) {
    this.consumer = consumer;
    this.producer = producer;
    this.codec = new EventCodec();
    this.router = new DeadLetterRouter(codec, producer, "dashboard", clock);
    this.state = state;
    this.hub = hub;
    this.clock = clock;
    this.heartbeat = heartbeat;
    this.heartbeatInterval = heartbeatInterval;
    this.liveness = liveness;
    this.beat = new Heartbeat("dashboard " + heartbeat.workerId(), "dashboard", this::sendHeartbeat, liveness,
        registry);
    this.accepted = Counter.builder("shears.dashboard.events").description("Events applied to the dashboard state")
        .register(registry);
    this.historyWriter = writeHistory
        ? new HistoryWriter(producer, state, this::caughtUp, clock, registry, liveness) : null;
    this.lag = Timer.builder("shears.dashboard.ingest.lag").description("Event timestamp to dashboard apply")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofMinutes(1)).register(registry);
    ConsumerLag.register(registry, "ingest", consumer::metrics);
  }

  /** Starts the consuming thread. */
  public void start() {
    thread = new Thread(this::run, "shears-dashboard-ingest");
    thread.setDaemon(true);
    thread.start();
    if (historyWriter != null) {
      historyWriter.start(SUMMARY_INTERVAL);
    }
  }

  /** True once every record that existed when the topics were first assigned has been applied. */
  public boolean caughtUp() {
    return caughtUp;
  }

  /** Partitions currently read. */
  public synchronized int assignedPartitions() {
    return assigned.size();
  }

  /** Completes when the thread has ended and the clients are closed. */
  public CompletableFuture<Void> stopped() {
    return stopped;
  }

  /** Stops the thread (without waiting; see {@link #stopped()}). */
  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    if (thread == null) {
      stopped.complete(null);
    }
  }

  private void run() {
    try {
      while (running) {
        long now = System.currentTimeMillis();
        if (now >= nextMetadata) {
          refreshAssignment();
          nextMetadata = now + METADATA_REFRESH.toMillis();
        }
        if (now >= nextHeartbeat) {
          beat.run();
          nextHeartbeat = now + heartbeatInterval.toMillis();
        }
        if (assigned.isEmpty()) {
          // Nothing exists yet: every topic that appears is new, telemetry included.
          readingTelemetry = true;
          caughtUp = true;
          sleepQuietly();
          continue;
        }
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        for (ConsumerRecord<byte[], byte[]> record : records) {
          apply(record);
        }
        checkCaughtUp();
      }
    } catch (WakeupException e) {
      if (running) {
        liveness.loopDied(LOOP, e);
      }
    } catch (RuntimeException | Error e) {
      liveness.loopDied(LOOP, e);
    } finally {
      closeClients();
    }
  }

  private void apply(ConsumerRecord<byte[], byte[]> record) {
    Optional<Envelope> envelope = router.accept(record);
    if (envelope.isEmpty()) {
      return;
    }
    Envelope e = envelope.get();
    try {
      Change change = state.apply(e);
      accepted.increment();
      if (change.kind() == Change.Kind.TELEMETRY) {
        lag.record(Duration.ofMillis(Math.max(0, clock.millis() - e.ts().toEpochMilli())));
      }
      hub.publish(change);
    } catch (RuntimeException ex) {
      // An event that passes validation but still cannot be applied must not stop the dashboard.
      LOG.warn("Could not apply {} of trial {} from {}-{}@{}", e.type(), e.trialId(), record.topic(),
          record.partition(), record.offset(), ex);
    }
  }

  private Set<TopicPartition> partitionsOf(List<String> topics) {
    Set<TopicPartition> out = new HashSet<>();
    for (String topic : topics) {
      try {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(2));
        if (infos != null) {
          for (PartitionInfo p : infos) {
            out.add(new TopicPartition(p.topic(), p.partition()));
          }
        }
      } catch (WakeupException e) {
        throw e;
      } catch (RuntimeException e) {
        LOG.debug("No metadata for {} yet: {}", topic, e.toString());
      }
    }
    return out;
  }

  private void refreshAssignment() {
    Set<TopicPartition> wanted = partitionsOf(readingTelemetry ? TOPICS : FIRST_PHASE);
    if (wanted.isEmpty() || wanted.equals(assigned)) {
      return;
    }
    Set<TopicPartition> added = new HashSet<>(wanted);
    added.removeAll(assigned);
    synchronized (this) {
      assigned.clear();
      assigned.addAll(wanted);
    }
    consumer.assign(wanted);
    consumer.seekToBeginning(added);
    if (catchUpTarget == null) {
      catchUpTarget = new HashMap<>(consumer.endOffsets(wanted, Duration.ofSeconds(10)));
      LOG.info("Dashboard reading {} partitions; replaying {} records", wanted.size(),
          catchUpTarget.values().stream().mapToLong(Long::longValue).sum());
    }
  }

  private void checkCaughtUp() {
    if (caughtUp || catchUpTarget == null) {
      return;
    }
    for (Map.Entry<TopicPartition, Long> e : catchUpTarget.entrySet()) {
      if (consumer.position(e.getKey(), Duration.ofSeconds(5)) < e.getValue()) {
        return;
      }
    }
    if (!readingTelemetry) {
      startTelemetry();
      return;
    }
    caughtUp = true;
    LOG.info("Dashboard caught up with {} trials", state.trialCount());
  }

  /** The second phase: telemetry from where the trials without a summary need it. */
  private void startTelemetry() {
    readingTelemetry = true;
    Set<TopicPartition> telemetry = partitionsOf(List.of(Topics.TELEMETRY));
    if (telemetry.isEmpty()) {
      return;
    }
    Map<TopicPartition, Long> end = consumer.endOffsets(telemetry, Duration.ofSeconds(10));
    Map<TopicPartition, Long> start = new HashMap<>(end);
    Optional<java.time.Instant> since = state.telemetryNeededSince();
    if (since.isPresent()) {
      long from = since.get().minus(CLOCK_SKEW).toEpochMilli();
      Map<TopicPartition, Long> query = new HashMap<>();
      telemetry.forEach(tp -> query.put(tp, from));
      consumer.offsetsForTimes(query, Duration.ofSeconds(10)).forEach((tp, found) -> {
        if (found != null) {
          start.put(tp, found.offset());
        }
      });
    }
    Set<TopicPartition> all = new HashSet<>(assigned);
    all.addAll(telemetry);
    synchronized (this) {
      assigned.clear();
      assigned.addAll(all);
    }
    consumer.assign(all);
    start.forEach(consumer::seek);
    catchUpTarget.putAll(end);
    Map<TopicPartition, Long> beginning = consumer.beginningOffsets(telemetry, Duration.ofSeconds(10));
    long skipped = 0;
    for (TopicPartition tp : telemetry) {
      skipped += start.get(tp) - beginning.get(tp);
    }
    LOG.info("Dashboard reading telemetry {}; {} older telemetry records left to the trial summaries",
        since.map(s -> "from " + s.minus(CLOCK_SKEW)).orElse("from now on"), Math.max(0, skipped));
  }

  private void sendHeartbeat() {
    Envelope e = Envelope.of(heartbeat, clock.instant());
    producer.send(new ProducerRecord<>(Topics.FLEET, e.key().getBytes(StandardCharsets.UTF_8),
        codec.encode(e)));
  }

  private void sleepQuietly() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  private void closeClients() {
    if (historyWriter != null) {
      historyWriter.close();
    }
    try {
      consumer.close(Duration.ofSeconds(2));
    } catch (RuntimeException e) {
      LOG.debug("Consumer close: {}", e.toString());
    }
    try {
      producer.close(Duration.ofSeconds(2));
    } catch (RuntimeException e) {
      LOG.debug("Producer close: {}", e.toString());
    }
    stopped.complete(null);
  }
}
