package dev.shears.evaluator.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.broker.KafkaBroker;
import dev.shears.broker.junit.Await;
import dev.shears.broker.junit.RealKafka;
import dev.shears.events.Envelope;
import dev.shears.events.EventCodec;
import dev.shears.events.KafkaClientConfig;
import dev.shears.events.TopicSpec;
import dev.shears.events.Topics;
import dev.shears.events.WorkerHeartbeat;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

/** The evaluator serves /health and /metrics and announces itself on shears.fleet. */
@RealKafka
class EvaluatorEndpointIT {
  @Test
  void servesHealthAndMetricsAndHeartbeats(KafkaBroker broker) throws Exception {
    broker.createTopics(Topics.CATALOGUE.stream().map(t -> t.forCluster(1))
        .map(t -> new NewTopic(t.name(), t.partitions(), t.replicationFactor()).configs(t.configs())).toList());
    Vertx vertx = Vertx.vertx();
    try {
      ExportEvaluation unused = (checkpoint, dir) -> {
        throw new EvaluationException("not expected in this test");
      };
      EvaluatorVerticle verticle = new EvaluatorVerticle(EvaluatorConfig.of(broker.bootstrapServers(), "eval-http"),
          unused, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), "127.0.0.1", 0);
      vertx.deployVerticle(verticle).await();

      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(verticle.endpoint() + "/health"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"kind\":\"evaluator\"", "\"status\":\"UP\"");
      HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(verticle.endpoint() + "/metrics"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.body()).contains("# TYPE shears_evaluator_in_flight gauge",
          "# TYPE http_server_requests_seconds histogram", "uri=\"/health\"",
          "# TYPE shears_kafka_consumer_lag_records gauge", "consumer=\"checkpoints\"").doesNotContain("quantile=");

      EventCodec codec = new EventCodec();
      try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
          KafkaClientConfig.consumer(broker.bootstrapServers(), "fleet-reader", "fleet-reader"))) {
        consumer.subscribe(List.of(Topics.FLEET));
        List<WorkerHeartbeat> beats = new ArrayList<>();
        Await.until(Duration.ofSeconds(30), "a heartbeat of eval-http", () -> {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            try {
              Envelope e = codec.decode(r.value());
              if (e.payload() instanceof WorkerHeartbeat h && h.workerId().equals("eval-http")) {
                beats.add(h);
              }
            } catch (Exception ignored) {
              // Only heartbeats matter here.
            }
          }
          return !beats.isEmpty();
        });
        assertThat(beats.get(0).kind()).isEqualTo("evaluator");
        assertThat(beats.get(0).endpoint()).isEqualTo(verticle.endpoint());
      }
    } finally {
      vertx.close().await();
    }
  }
}
