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
 * Tails every topic the dashboard shows from its beginning on one dedicated thread (no consumer group: each
 * dashboard rebuilds its whole picture), decodes through a {@link DeadLetterRouter}, applies events to the
 * {@link DashboardState} and hands changes to the {@link StreamHub}. The same thread writes the dashboard's own
 * heartbeats, so no Kafka call ever runs on an event loop. Topics that do not exist yet are picked up when
 * they appear.
 *
 * <p>An unexpected failure of this loop is fatal ({@link Liveness#loopDied}): the records of the batch being applied
 * are already past the consumer's position, so going on would show a picture with holes. The dashboard turns
 * unhealthy, its heartbeats stop with the loop, and a restarted process replays every topic from the beginning.
 */
public final class KafkaIngest implements AutoCloseable {
  /** Topics the dashboard reads. */
  public static final List<String> TOPICS = List.of(Topics.EXPERIMENTS, Topics.TRIALS, Topics.TELEMETRY,
      Topics.CHECKPOINTS, Topics.EVALUATIONS, Topics.FLEET);
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
  private final Counter accepted;
  private final Timer lag;
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private final Set<TopicPartition> assigned = new HashSet<>();
  private Map<TopicPartition, Long> catchUpTarget;
  private volatile boolean caughtUp;
  private volatile boolean running = true;
  private long nextMetadata;
  private long nextHeartbeat;
  private Thread thread;

  /**
   * @param consumer a consumer without group; owned and closed by this ingest
   * @param producer for dead letters and heartbeats; owned and closed by this ingest
   * @param heartbeat the dashboard's own heartbeat, sent every {@code heartbeatInterval}
   * @param liveness told when this loop dies
   */
  public KafkaIngest(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer, DashboardState state,
      StreamHub hub, Clock clock, MeterRegistry registry, WorkerHeartbeat heartbeat, Duration heartbeatInterval,
      Liveness liveness) {
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

  private void refreshAssignment() {
    Set<TopicPartition> wanted = new HashSet<>();
    for (String topic : TOPICS) {
      try {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(2));
        if (infos != null) {
          for (PartitionInfo p : infos) {
            wanted.add(new TopicPartition(p.topic(), p.partition()));
          }
        }
      } catch (WakeupException e) {
        throw e;
      } catch (RuntimeException e) {
        LOG.debug("No metadata for {} yet: {}", topic, e.toString());
      }
    }
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
    caughtUp = true;
    LOG.info("Dashboard caught up with {} trials", state.trialCount());
  }

  private void sendHeartbeat() {
    Envelope e = Envelope.of(heartbeat, clock.instant());
    producer.send(new ProducerRecord<>(Topics.FLEET, e.key().getBytes(java.nio.charset.StandardCharsets.UTF_8),
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
