package dev.shears.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.broker.junit.Await;
import dev.shears.broker.junit.BootstrapServers;
import dev.shears.broker.junit.RealKafka;
import dev.shears.events.Envelope;
import dev.shears.events.EventCodec;
import dev.shears.events.InvalidEventException;
import dev.shears.events.KafkaClientConfig;
import dev.shears.events.Topics;
import dev.shears.events.WorkerHeartbeat;
import dev.shears.ops.Liveness;
import dev.shears.trainer.data.DatasetBatches;
import dev.shears.trainer.internal.AssignmentPoll;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a dead loop does to a running trainer: /health turns 503 naming the loop and its heartbeats stop, so the
 * orchestrator stops counting on it. (The loop's own failure handling is AssignmentPollTest's.)
 */
@RealKafka
class TrainerLoopDeathIT {
  private final EventCodec codec = new EventCodec();

  @Test
  void aDeadLoopTurnsHealthTo503AndSilencesTheHeartbeats(@BootstrapServers String bootstrap, @TempDir Path dir)
      throws Exception {
    Liveness liveness = Liveness.unhealthyOnly();
    Vertx vertx = Vertx.vertx();
    try (KafkaConsumer<byte[], byte[]> fleet = new KafkaConsumer<>(
        KafkaClientConfig.consumer(bootstrap, "fleet-reader", null))) {
      TrainerVerticle verticle = new TrainerVerticle(TrainerConfig.of(bootstrap, "w-dies").withGpus("cpu")
          .withCheckpointRoot(dir).withHeartbeatInterval(Duration.ofMillis(300)),
          new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC(), new DatasetBatches(), liveness);
      vertx.deployVerticle(verticle).await();
      // Assigned rather than subscribed: no group to join, so the test reads at once.
      Await.until(Duration.ofSeconds(30), "the fleet topic", () -> !fleet.partitionsFor(Topics.FLEET).isEmpty());
      List<TopicPartition> partitions = fleet.partitionsFor(Topics.FLEET).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      fleet.assign(partitions);
      fleet.seekToBeginning(partitions);
      AtomicInteger beats = new AtomicInteger();
      Await.until(Duration.ofSeconds(30), "heartbeats of w-dies", () -> count(fleet, beats) >= 2);
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest health = HttpRequest.newBuilder(URI.create(verticle.endpoint() + "/health")).build();
      assertThat(http.send(health, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

      liveness.loopDied(AssignmentPoll.LOOP, new IllegalStateException("injected"));

      HttpResponse<String> down = http.send(health, HttpResponse.BodyHandlers.ofString());
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.body()).contains("\"status\":\"DOWN\"", "\"failedLoop\":\"trainer assignment poll\"",
          "injected");
      // One heartbeat may have been on its way; after that, ten intervals of silence.
      Await.staysUnchanged(Duration.ofSeconds(1), Duration.ofSeconds(3), "heartbeats of w-dies", () -> count(fleet, beats));
    } finally {
      vertx.close().await();
    }
  }

  private int count(KafkaConsumer<byte[], byte[]> fleet, AtomicInteger beats) {
    for (ConsumerRecord<byte[], byte[]> r : fleet.poll(Duration.ofMillis(100))) {
      Envelope e;
      try {
        e = codec.decode(r.value());
      } catch (InvalidEventException ex) {
        continue; // only heartbeats matter here
      }
      if (e.payload() instanceof WorkerHeartbeat h && h.workerId().equals("w-dies")) {
        beats.incrementAndGet();
      }
    }
    return beats.get();
  }
}
