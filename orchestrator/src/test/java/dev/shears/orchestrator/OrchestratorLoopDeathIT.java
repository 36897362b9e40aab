package dev.shears.orchestrator;

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
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * What a dead log reader does to a running orchestrator: /health turns 503 naming the loop and its heartbeats
 * stop. (The reader's failure reaching the liveness is LogReaderFailureTest's.)
 */
@RealKafka
class OrchestratorLoopDeathIT {
  private final EventCodec codec = new EventCodec();

  @Test
  void aDeadReaderTurnsHealthTo503AndSilencesTheHeartbeats(@BootstrapServers String bootstrap) throws Exception {
    String id = "orchestrator-dies-" + UUID.randomUUID();
    Liveness liveness = Liveness.unhealthyOnly();
    Vertx vertx = Vertx.vertx();
    try (KafkaConsumer<byte[], byte[]> fleet = new KafkaConsumer<>(
        KafkaClientConfig.consumer(bootstrap, "fleet-reader", null))) {
      OrchestratorConfig config = OrchestratorConfig.builder(bootstrap, "it-token").port(0).instanceId(id)
          .transactionalId(id).heartbeatInterval(Duration.ofMillis(300))
          .roots(List.of(Path.of("/tmp/data")), List.of(Path.of("/tmp/models"))).build();
      OrchestratorVerticle verticle = new OrchestratorVerticle(config,
          new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC(), liveness);
      vertx.deployVerticle(verticle).await();
      List<TopicPartition> partitions = fleet.partitionsFor(Topics.FLEET).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      fleet.assign(partitions);
      fleet.seekToBeginning(partitions);
      AtomicInteger beats = new AtomicInteger();
      Await.until(Duration.ofSeconds(30), "heartbeats of " + id, () -> count(fleet, id, beats) >= 2);
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + verticle.port() + "/health"))
          .build();
      Await.until(Duration.ofSeconds(30), "the orchestrator to recover",
          () -> status(http, health) == 200);

      liveness.loopDied(OrchestratorVerticle.LOOP, new IllegalStateException("injected"));

      HttpResponse<String> down = http.send(health, HttpResponse.BodyHandlers.ofString());
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.body()).contains("\"status\":\"DOWN\"", "\"failedLoop\":\"orchestrator log reader\"",
          "injected");
      // One heartbeat may have been on its way; after that, ten intervals of silence.
      Await.staysUnchanged(Duration.ofSeconds(1), Duration.ofSeconds(3), "heartbeats of " + id, () -> count(fleet, id, beats));
    } finally {
      vertx.close().await();
    }
  }

  private static int status(HttpClient http, HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private int count(KafkaConsumer<byte[], byte[]> fleet, String id, AtomicInteger beats) {
    for (ConsumerRecord<byte[], byte[]> r : fleet.poll(Duration.ofMillis(100))) {
      Envelope e;
      try {
        e = codec.decode(r.value());
      } catch (InvalidEventException ex) {
        continue; // only heartbeats matter here
      }
      if (e.payload() instanceof WorkerHeartbeat h && h.workerId().equals(id)) {
        beats.incrementAndGet();
      }
    }
    return beats.get();
  }
}
