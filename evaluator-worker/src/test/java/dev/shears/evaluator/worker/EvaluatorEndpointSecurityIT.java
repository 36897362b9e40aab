package dev.shears.evaluator.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shears.broker.junit.BindCheck;
import dev.shears.broker.KafkaBroker;
import dev.shears.broker.junit.RawHttp;
import dev.shears.broker.junit.RealKafka;
import dev.shears.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The evaluator's /health and /metrics server over real HTTP: read-only and without request bodies. */
@RealKafka
class EvaluatorEndpointSecurityIT {
  private static Vertx vertx;
  private static EvaluatorVerticle verticle;
  private static int port;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start(KafkaBroker broker) {
    String bootstrap = broker.bootstrapServers();
    broker.createTopics(Topics.CATALOGUE.stream().map(t -> t.forCluster(1))
        .map(t -> new NewTopic(t.name(), t.partitions(), t.replicationFactor()).configs(t.configs())).toList());
    vertx = Vertx.vertx();
    ExportEvaluation unused = (checkpoint, dir) -> {
      throw new EvaluationException("not expected in this test");
    };
    verticle = new EvaluatorVerticle(EvaluatorConfig.of(bootstrap, "eval-sec"), unused,
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), "127.0.0.1", 0);
    vertx.deployVerticle(verticle).await();
    port = URI.create(verticle.endpoint()).getPort();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void deleteIsNotAllowed() throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(verticle.endpoint() + "/metrics"))
        .DELETE().build(), HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.body()).contains("only answers GET /health and GET /metrics");
  }

  @Test
  void aRequestBodyIsRefusedWith413() throws Exception {
    RawHttp.Answer r = RawHttp.announceBody(port, "GET", "/metrics", Map.of(), 50_000_000);

    assertThat(r.status()).isEqualTo(413);
  }

  @Test
  void loopbackOnlyWhenBoundTo127001() {
    assertThat(BindCheck.accepts(InetAddress.getLoopbackAddress(), port)).isTrue();
    InetAddress other = BindCheck.nonLoopbackAddress().orElse(null);
    assumeTrue(other != null, "this host has no non-loopback IPv4 address to probe from");
    assertThat(BindCheck.accepts(other, port)).as("reachable on %s", other).isFalse();
  }
}
