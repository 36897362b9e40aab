package dev.shears.broker;

import dev.shears.broker.junit.Await;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Three KRaft nodes in child JVMs; one is killed (SIGKILL) while an acks=all producer writes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaClusterIT {

  private static final int RECORDS = 6000;
  private static final int KEYS = 12;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir
  static Path dir;

  private KafkaCluster cluster;

  @BeforeAll
  void start() {
    cluster = KafkaCluster.builder().nodes(3).dataDir(dir).jvmOptions(KafkaBroker.FAST_START_JVM_OPTIONS).build()
        .start();
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void threeNodesShareOneClusterAndDefaultToThreeReplicasWithTwoInSync() throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
      assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).extracting(n -> n.id())
          .containsExactlyInAnyOrder(1, 2, 3);
      assertThat(admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS)).isEqualTo(cluster.clusterId());
      assertThat(admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS).voters())
          .extracting(v -> v.replicaId()).containsExactlyInAnyOrder(1, 2, 3);
      Config broker = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.BROKER, "1")))
          .all().get(30, TimeUnit.SECONDS).values().iterator().next();
      assertThat(broker.get("default.replication.factor").value()).isEqualTo("3");
      assertThat(broker.get("min.insync.replicas").value()).isEqualTo("2");
      assertThat(broker.get("offsets.topic.replication.factor").value()).isEqualTo("3");
      assertThat(broker.get("transaction.state.log.min.isr").value()).isEqualTo("2");
    }
    for (int i = 0; i < 3; i++) {
      assertThat(cluster.node(i).clusterId()).isEqualTo(cluster.clusterId());
    }
  }

  /**
   * An idempotent acks=all producer keeps writing while the leader of partition 0 is killed; every record it
   * had acknowledged, and every record it sent afterwards, is read back once, in order per key.
   */
  @Test
  void killingALeaderMidStreamLosesNoAcknowledgedRecord() throws Exception {
    String topic = "kill-leader";
    cluster.createTopics(List.of(new NewTopic(topic, 3, (short) 3)));
    int victim = cluster.leaderOf(topic, 0);

    ConcurrentLinkedQueue<Exception> failures = new ConcurrentLinkedQueue<>();
    AtomicInteger acked = new AtomicInteger();
    AtomicLong firstAckAfterKill = new AtomicLong();
    AtomicLong killedAt = new AtomicLong();
    CountDownLatch third = new CountDownLatch(1);
    long started = System.nanoTime();
    Thread writer = new Thread(() -> {
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig())) {
        for (int i = 0; i < RECORDS; i++) {
          String key = "key-" + (i % KEYS);
          int seq = i / KEYS;
          producer.send(new ProducerRecord<>(topic, key, Integer.toString(seq)), (md, e) -> {
            if (e != null) {
              failures.add(e);
              return;
            }
            acked.incrementAndGet();
            long killed = killedAt.get();
            if (killed != 0 && md.partition() == 0) {
              firstAckAfterKill.compareAndSet(0, System.nanoTime());
            }
          });
          if (i == RECORDS / 3) {
            producer.flush();
            third.countDown();
          }
          if (i % 200 == 0) {
            Thread.sleep(20);
          }
        }
        producer.flush();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "kill-leader-writer");
    writer.start();
    assertThat(third.await(60, TimeUnit.SECONDS)).as("a third of the records acknowledged").isTrue();
    int ackedBeforeKill = acked.get();
    killedAt.set(System.nanoTime());
    cluster.kill(victim);
    long killed = killedAt.get();
    AtomicInteger leader = new AtomicInteger(victim);
    Await.until(TIMEOUT, () -> "a leader of " + topic + "-0 other than the killed node " + (victim + 1), () -> {
      leader.set(cluster.leaderOf(topic, 0));
      return leader.get() != victim;
    });
    long leaderMoved = System.nanoTime();
    int newLeader = leader.get();
    writer.join(TIMEOUT.toMillis());
    assertThat(writer.isAlive()).as("writer finished").isFalse();
    assertThat(failures).as("send failures").isEmpty();
    assertThat(acked.get()).isEqualTo(RECORDS);

    cluster.restart(victim);
    cluster.awaitInSync(Set.of(topic), TIMEOUT);

    List<ConsumerRecord<String, String>> records;
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig())) {
      consumer.subscribe(List.of(topic));
      records = Await.records(consumer, RECORDS, TIMEOUT);
      assertThat(consumer.poll(Duration.ofMillis(500))).as("nothing beyond the records sent").isEmpty();
    }
    long distinct = records.stream().map(r -> r.key() + "=" + r.value()).distinct().count();
    assertThat(records).hasSize(RECORDS);
    for (int k = 0; k < KEYS; k++) {
      String key = "key-" + k;
      List<Integer> seqs = records.stream().filter(r -> r.key().equals(key)).map(r -> Integer.parseInt(r.value()))
          .toList();
      List<Integer> expected = new ArrayList<>();
      for (int s = 0; s * KEYS + k < RECORDS; s++) {
        expected.add(s);
      }
      assertThat(seqs).as("%s in order, once each", key).isEqualTo(expected);
    }
    System.out.printf("kafka-cluster-kill: produced %d (acks=all), %d acknowledged before SIGKILL of node %d"
            + " (leader of %s-0), consumed %d, lost %d, duplicated %d; new leader node %d after %d ms; first ack"
            + " on partition 0 after the kill %d ms; test %d ms%n",
        RECORDS, ackedBeforeKill, victim + 1, topic, records.size(), RECORDS - distinct, records.size() - distinct,
        newLeader + 1,
        TimeUnit.NANOSECONDS.toMillis(leaderMoved - killed),
        firstAckAfterKill.get() == 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(firstAckAfterKill.get() - killed),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }

  private Map<String, Object> producerConfig() {
    return Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
  }

  private Map<String, Object> consumerConfig() {
    return Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "kill-leader-check",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
  }
}
