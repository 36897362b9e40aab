package dev.shears.broker.junit;

import dev.shears.broker.KafkaBroker;
import org.apache.kafka.clients.admin.NewTopic;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Per-test topics: a fresh, uniquely named topic per call, so tests sharing a broker never see each other. */
public final class TestTopics {

  private TestTopics() {
  }

  /** Creates {@code prefix-<random>} with {@code partitions} partitions and waits for its leaders. */
  public static String create(KafkaBroker broker, String prefix, int partitions) {
    return create(broker, prefix, partitions, Map.of());
  }

  /** As {@link #create(KafkaBroker, String, int)}, with topic configs such as {@code cleanup.policy}. */
  public static String create(KafkaBroker broker, String prefix, int partitions, Map<String, String> configs) {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    broker.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)));
    return name;
  }
}
