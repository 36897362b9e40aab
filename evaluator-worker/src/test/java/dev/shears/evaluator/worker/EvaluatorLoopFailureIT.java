package dev.shears.evaluator.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.broker.KafkaBroker;
import dev.shears.broker.junit.Await;
import dev.shears.broker.junit.RealKafka;
import dev.shears.events.CheckpointKind;
import dev.shears.events.CheckpointWritten;
import dev.shears.events.Envelope;
import dev.shears.events.EventCodec;
import dev.shears.events.KafkaClientConfig;
import dev.shears.events.Topics;
import dev.shears.ops.Liveness;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failure injected into the evaluator's consumer loop: what cannot be cured by a restart takes the service down. */
@RealKafka
class EvaluatorLoopFailureIT {

  @Test
  void anErrorInTheLoopTurnsHealthTo503AndActsOnTheDeath(KafkaBroker broker, @TempDir Path root) throws Exception {
    broker.createTopics(Topics.CATALOGUE.stream().map(t -> t.forCluster(1))
        .map(t -> new NewTopic(t.name(), t.partitions(), t.replicationFactor()).configs(t.configs())).toList());
    Path export = root.resolve("export");
    String sha = ExportFixture.write(export, "config.json", "{\"d_model\": 8}", "model.safetensors", "weights");
    List<Liveness.Death> deaths = new ArrayList<>();
    ExportEvaluation broken = (checkpoint, dir) -> {
      throw new AssertionError("injected: an invariant of the evaluation broke");
    };
    Vertx vertx = Vertx.vertx();
    try {
      EvaluatorVerticle verticle = new EvaluatorVerticle(EvaluatorConfig.of(broker.bootstrapServers(), "eval-dies"),
          broken, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), "127.0.0.1", 0, null,
          new Liveness(deaths::add));
      vertx.deployVerticle(verticle).await();
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest health = HttpRequest.newBuilder(URI.create(verticle.endpoint() + "/health")).build();
      assertThat(http.send(health, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

      CheckpointWritten cw = new CheckpointWritten("export", 100, CheckpointKind.EXPORT, export.toUri().toString(),
          sha, 10, null);
      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
          KafkaClientConfig.producer(broker.bootstrapServers(), "test"))) {
        producer.send(new ProducerRecord<>(Topics.CHECKPOINTS, "t1".getBytes(StandardCharsets.UTF_8),
            new EventCodec().encode(Envelope.of(cw, "exp-1", "t1", 0, 1, Instant.now())))).get();
      }

      Await.until(Duration.ofSeconds(60), "the evaluator loop to die", () -> verticle.loopDeath().isPresent());
      HttpResponse<String> down = http.send(health, HttpResponse.BodyHandlers.ofString());
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.body()).contains("\"status\":\"DOWN\"", "\"failedLoop\":\"evaluator consumer\"",
          "injected: an invariant of the evaluation broke");
      assertThat(deaths).extracting(Liveness.Death::loop).containsExactly(EvaluatorVerticle.LOOP);
      assertThat(verticle.restarts()).isZero();
    } finally {
      vertx.close().await();
    }
  }
}
