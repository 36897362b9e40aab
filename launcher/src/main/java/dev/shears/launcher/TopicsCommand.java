package dev.shears.launcher;

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

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    String bootstrap = connection.bootstrap();
    try (Admin admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000))) {
      if (create) {
        Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
        int brokers = admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size();
        List<NewTopic> missing = Topics.CATALOGUE.stream()
            .filter(t -> !existing.contains(t.name()))
            .map(t -> UpCommand.newTopic(t.forCluster(brokers)))
            .toList();
        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        missing.forEach(t -> out.println("created " + t.name()));
      }
      Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
      Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS);
      List<ConfigResource> resources = new ArrayList<>();
      names.forEach(n -> resources.add(new ConfigResource(ConfigResource.Type.TOPIC, n)));
      Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(10, TimeUnit.SECONDS);
      out.printf("%-22s %10s %11s %15s %10s%n", "TOPIC", "PARTITIONS", "REPLICATION", "RETENTION", "CLEANUP");
      names.stream().sorted().forEach(name -> {
        TopicDescription d = topics.get(name);
        Config c = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name));
        out.printf("%-22s %10d %11d %15s %10s%n", name, d.partitions().size(),
            d.partitions().get(0).replicas().size(), retention(c.get("retention.ms").value()),
            c.get("cleanup.policy").value());
      });
      return 0;
    } catch (TimeoutException | ExecutionException e) {
      throw new UserInputException("Cannot reach Kafka at " + bootstrap + " (is `shears up` running? use --bootstrap)",
          e);
    }
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
