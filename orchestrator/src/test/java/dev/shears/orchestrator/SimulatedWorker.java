package dev.shears.orchestrator;

import dev.shears.events.Envelope;
import dev.shears.events.EventCodec;
import dev.shears.events.GpuInfo;
import dev.shears.events.InvalidEventException;
import dev.shears.events.KafkaClientConfig;
import dev.shears.events.Topics;
import dev.shears.events.WorkerHeartbeat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/** A trainer made of plain Kafka clients: it heartbeats, collects its assignments and writes trial events. */
final class SimulatedWorker implements AutoCloseable {
  final String id;
  private final List<GpuInfo> gpus = new ArrayList<>();
  private final EventCodec codec = new EventCodec();
  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
  private final List<Envelope> received = new CopyOnWriteArrayList<>();
  private final List<String> running = new CopyOnWriteArrayList<>();
  private volatile boolean open = true;
  private ScheduledFuture<?> beating;

  SimulatedWorker(String bootstrap, String id, long... gpuMb) {
    this.id = id;
    for (int i = 0; i < gpuMb.length; i++) {
      gpus.add(new GpuInfo(i, "sim", gpuMb[i], gpuMb[i], 0));
    }
    producer = new KafkaProducer<>(KafkaClientConfig.producer(bootstrap, id));
    consumer = new KafkaConsumer<>(KafkaClientConfig.consumer(bootstrap, id + "-assignments", null));
    List<TopicPartition> parts = consumer.partitionsFor(Topics.ASSIGNMENTS).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
    timer.execute(this::poll);
  }

  private void poll() {
    while (open) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
        if (r.key() != null && new String(r.key(), StandardCharsets.UTF_8).equals(id)) {
          try {
            Envelope e = codec.decode(r.value());
            received.add(e);
            // Like a trainer, list assigned trials as running until they are revoked or finish.
            if (e.type().equals("Assignment") && !running.contains(e.trialId())) {
              running.add(e.trialId());
            } else if (e.type().equals("Revocation")) {
              running.remove(e.trialId());
            }
          } catch (InvalidEventException e) {
            throw new IllegalStateException(e);
          }
        }
      }
    }
    consumer.close();
  }

  void startHeartbeats(Duration every) {
    beating = timer.scheduleAtFixedRate(this::heartbeat, 0, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  void stopHeartbeats() {
    beating.cancel(false);
  }

  void heartbeat() {
    send(Envelope.of(new WorkerHeartbeat(id, "trainer", "sim-" + id, gpus, List.copyOf(running), 0, null),
        Instant.now()));
  }

  /** The trial ended here: stop listing it. */
  void finished(String trialId) {
    running.remove(trialId);
  }

  /** Assignments and revocations addressed to this worker, in arrival order. */
  List<Envelope> received() {
    return List.copyOf(received);
  }

  List<Envelope> assignments() {
    return received.stream().filter(e -> e.type().equals("Assignment")).toList();
  }

  void send(Envelope e) {
    byte[] key = e.key() == null ? null : e.key().getBytes(StandardCharsets.UTF_8);
    producer.send(new ProducerRecord<>(e.topic(), key, codec.encode(e)));
    producer.flush();
  }

  @Override
  public void close() {
    open = false;
    timer.shutdown();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(5));
  }
}
