package dev.shears.orchestrator.internal;

import dev.shears.events.TopicSpec;
import dev.shears.events.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the missing topics of {@link Topics#CATALOGUE}, with no more replicas than the cluster has brokers and
 * {@code min.insync.replicas} 2 where there are 3 ({@link TopicSpec#forCluster}).
 */
public final class Topology {
  private Topology() {}

  /** Blocking: call it from a worker thread. */
  public static void ensure(String bootstrap) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
      List<NewTopic> missing = new ArrayList<>();
      for (TopicSpec spec : Topics.CATALOGUE) {
        if (!existing.contains(spec.name())) {
          TopicSpec sized = spec.forCluster(Math.max(1, brokers));
          missing.add(new NewTopic(sized.name(), sized.partitions(), sized.replicationFactor())
              .configs(sized.configs()));
        }
      }
      if (missing.isEmpty()) {
        return;
      }
      try {
        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Cannot create the Shears topics on " + bootstrap + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics", e);
    }
  }
}
