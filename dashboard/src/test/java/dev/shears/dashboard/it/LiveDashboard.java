package dev.shears.dashboard.it;

import dev.shears.broker.KafkaBroker;
import dev.shears.dashboard.DashboardConfig;
import dev.shears.dashboard.DashboardVerticle;
import dev.shears.events.Envelope;
import dev.shears.events.EventCodec;
import dev.shears.events.KafkaClientConfig;
import dev.shears.events.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A real dashboard on a free port, reading a real broker, plus a producer of events for it. */
final class LiveDashboard implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final EventCodec codec = new EventCodec();
  private final Producer<byte[], byte[]> producer;
  private final DashboardConfig config;
  private DashboardVerticle verticle;
  private String deployment;

  LiveDashboard(String bootstrap, DashboardConfig config) {
    this.config = config;
    Map<String, Object> props = KafkaClientConfig.producer(bootstrap, "dashboard-it");
    props.put("linger.ms", 1);
    this.producer = new KafkaProducer<>(props);
  }

  /** The Shears topics as the catalogue configures them, with one replica (a single test broker). */
  static void createTopics(KafkaBroker broker) {
    List<NewTopic> topics = Topics.CATALOGUE.stream()
        .map(t -> new NewTopic(t.name(), t.partitions(), (short) 1).configs(t.configs()))
        .toList();
    broker.createTopics(topics);
  }

  /** The Shears topics on {@code broker} and a started dashboard reading them, with no orchestrator behind it. */
  static LiveDashboard startOn(KafkaBroker broker) {
    createTopics(broker);
    return new LiveDashboard(broker.bootstrapServers(),
        DashboardConfig.of(broker.bootstrapServers(), "127.0.0.1", 0, "http://127.0.0.1:9", "it-token")).start()
        .awaitCaughtUp();
  }

  LiveDashboard start() {
    verticle = new DashboardVerticle(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        Clock.systemUTC());
    deployment = vertx.deployVerticle(verticle).await();
    return this;
  }

  /** Waits until the dashboard has read what its topics held when it started (both phases of its start-up). */
  LiveDashboard awaitCaughtUp() {
    dev.shears.broker.junit.Await.until(java.time.Duration.ofSeconds(60), "the dashboard to catch up",
        () -> verticle.caughtUp());
    return this;
  }

  /** Stops the dashboard (the producer stays), as a server restart would. */
  void stop() {
    vertx.undeploy(deployment).await();
    deployment = null;
  }

  /** Stops the dashboard and starts a fresh one on the same port, as after a server restart. */
  void restartOnSamePort() {
    int port = verticle.actualPort();
    stop();
    verticle = new DashboardVerticle(config.withPort(port), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        Clock.systemUTC());
    deployment = vertx.deployVerticle(verticle).await();
  }

  DashboardVerticle verticle() {
    return verticle;
  }

  String url(String path) {
    return "http://127.0.0.1:" + verticle.actualPort() + path;
  }

  void send(Envelope e) {
    producer.send(new ProducerRecord<>(e.topic(), e.key() == null ? null : e.key().getBytes(StandardCharsets.UTF_8),
        codec.encode(e)));
  }

  /** Sends with the record timestamp {@code at}, as a producer did at that time. */
  void sendAt(Envelope e, java.time.Instant at) {
    producer.send(new ProducerRecord<>(e.topic(), null, at.toEpochMilli(),
        e.key() == null ? null : e.key().getBytes(StandardCharsets.UTF_8), codec.encode(e)));
  }

  void sendRaw(String topic, byte[] value) {
    producer.send(new ProducerRecord<>(topic, null, value));
  }

  void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close();
    if (deployment != null) {
      stop();
    }
    vertx.close().await();
  }
}
