package dev.shears.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.broker.KafkaBroker;
import dev.shears.broker.junit.Await;
import dev.shears.broker.junit.RealKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

/**
 * A trainer restarted after a crash must receive its assignments at once. A static member that closes sends no
 * LeaveGroup, so to the group it looks like a process that died: its successor under the same instance id must get
 * the partitions back well within the 45 s session timeout that a dynamic member's successor would wait out.
 */
@RealKafka
class StaticMemberConsumerIT {

  @Test
  void aSuccessorUnderTheSameInstanceIdTakesThePartitionsBackWithinTheSessionTimeout(KafkaBroker broker)
      throws Exception {
    broker.createTopics(List.of(new NewTopic("static-member", 2, (short) 1)));
    try (KafkaConsumer<byte[], byte[]> first = member(broker)) {
      first.subscribe(List.of("static-member"));
      Await.until(Duration.ofSeconds(30), () -> "the first member's partitions", () -> {
        first.poll(Duration.ofMillis(100));
        return first.assignment().size() == 2;
      });
    }
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      // As after a crash, the closed member still holds the partitions (a dynamic one would have left the group).
      List<MemberDescription> members = admin.describeConsumerGroups(List.of("static-member-group"))
          .describedGroups().get("static-member-group").get().members().stream().toList();
      assertThat(members).singleElement().satisfies(m -> {
        assertThat(m.groupInstanceId()).contains("trainer-1");
        assertThat(m.assignment().topicPartitions()).hasSize(2);
      });
    }
    long start = System.nanoTime();
    try (KafkaConsumer<byte[], byte[]> successor = member(broker)) {
      successor.subscribe(List.of("static-member"));
      Await.until(Duration.ofSeconds(30), () -> "the successor's partitions", () -> {
        successor.poll(Duration.ofMillis(100));
        return successor.assignment().size() == 2;
      });
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
  }

  private static KafkaConsumer<byte[], byte[]> member(KafkaBroker broker) {
    return new KafkaConsumer<>(KafkaClientConfig.staticMemberConsumer(broker.bootstrapServers(), "static-member",
        "static-member-group", "trainer-1"));
  }
}
