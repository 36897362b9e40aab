package dev.shears.launcher;

import dev.shears.events.TopicSpec;
import dev.shears.events.Topics;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shears topics}: the topics on the broker with partitions, replication, retention and cleanup. */
@Command(name = "topics", description = "List the Kafka topics with partitions, replication and retention.")
final class TopicsCommand implements Callable<Integer> {
  @Mixin
  private ConnectionOptions connection;

  @Spec
  private CommandSpec spec;

  @Option(names = "--create",
      description = "First create the catalogue's missing topics (replication capped at the cluster size).")
  private boolean create;

  @Option(names = "--replication-factor", paramLabel = "N",
      description = "Replicas of each created topic (default: 3, or the number of brokers if fewer).")
  private Short replicationFactor;

  @Option(names = "--min-insync-replicas", paramLabel = "N",
      description = "Replicas an acks=all write needs in sync, per created topic (default: 2 with 3 or more"
          + " replicas, else 1).")
  private Integer minInsyncReplicas;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    String bootstrap = connection.bootstrap();
    if (!create && (replicationFactor != null || minInsyncReplicas != null)) {
      throw new UserInputException("--replication-factor and --min-insync-replicas apply to created topics; add"
          + " --create");
    }
    try (Admin admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000))) {
      if (create) {
        Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
        int brokers = admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size();
        checkReplication(brokers);
        List<NewTopic> missing = Topics.CATALOGUE.stream()
            .filter(t -> !existing.contains(t.name()))
            .map(t -> LocalStack.newTopic(sized(t, brokers)))
            .toList();
        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        missing.forEach(t -> out.println("created " + t.name() + " (replication " + t.replicationFactor()
            + ", min.insync.replicas " + t.configs().get(TopicSpec.MIN_INSYNC_REPLICAS) + ")"));
      }
      Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
      Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS);
      List<ConfigResource> resources = new ArrayList<>();
      names.forEach(n -> resources.add(new ConfigResource(ConfigResource.Type.TOPIC, n)));
      Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(10, TimeUnit.SECONDS);
      out.printf("%-22s %10s %11s %7s %15s %10s%n", "TOPIC", "PARTITIONS", "REPLICATION", "MIN-ISR", "RETENTION",
          "CLEANUP");
      names.stream().sorted().forEach(name -> {
        TopicDescription d = topics.get(name);
        Config c = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name));
        out.printf("%-22s %10d %11d %7s %15s %10s%n", name, d.partitions().size(),
            d.partitions().get(0).replicas().size(), c.get(TopicSpec.MIN_INSYNC_REPLICAS).value(),
            retention(c.get("retention.ms").value()),
            c.get("cleanup.policy").value());
      });
      return 0;
    } catch (TimeoutException | ExecutionException e) {
      throw new UserInputException("Cannot reach Kafka at " + bootstrap + " (is `shears up` running? use --bootstrap)",
          e);
    }
  }

  private void checkReplication(int brokers) {
    if (replicationFactor != null && (replicationFactor < 1 || replicationFactor > brokers)) {
      throw new UserInputException("Invalid value " + replicationFactor + " for --replication-factor: the cluster at "
          + connection.bootstrap() + " has " + brokers + " broker(s); use 1-" + brokers);
    }
    int replicas = replicationFactor != null ? replicationFactor : Math.min(3, brokers);
    if (minInsyncReplicas != null && (minInsyncReplicas < 1 || minInsyncReplicas > replicas)) {
      throw new UserInputException("Invalid value " + minInsyncReplicas + " for --min-insync-replicas: must be 1-"
          + replicas + " (the replication factor)");
    }
  }

  /** The catalogue entry sized for the cluster, with the replication the options ask for. */
  private TopicSpec sized(TopicSpec t, int brokers) {
    TopicSpec defaults = t.forCluster(brokers);
    short replicas = replicationFactor != null ? replicationFactor : defaults.replicationFactor();
    int minIsr = minInsyncReplicas != null ? minInsyncReplicas : replicas >= 3 ? 2 : 1;
    return t.withReplication(replicas, minIsr);
  }

  private static String retention(String ms) {
    long value = Long.parseLong(ms);
    if (value < 0) {
      return "forever";
    }
    long hours = value / 3_600_000L;
    return hours % 24 == 0 ? hours / 24 + "d" : hours + "h";
  }
}
