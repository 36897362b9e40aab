package dev.shears.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.utils.internals.AppInfoParser;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Reads {@code compose/} as Docker Compose would (anchors and merge keys resolved) and checks what a real run on a
 * Docker engine needs: Kafka at the clients' version, no GPU shared by every trainer, metrics reachable from
 * Prometheus, a non-root image, no secret or fixed cluster id in the files.
 */
class ComposeFileTest {
  private static final Path COMPOSE = Path.of("..", "compose");
  private static final List<String> SHEARS_SERVICES =
      List.of("orchestrator", "dashboard", "evaluator", "trainer-1", "trainer-2");

  @Test
  void threeKraftNodesRunKafkaAtTheVersionOfTheClientsWithTheClusterIdFromAVariable() throws IOException {
    Map<String, Object> services = services("docker-compose.yml");
    assertThat(AppInfoParser.getVersion()).isEqualTo("4.4.0");
    for (int node = 1; node <= 3; node++) {
      Map<String, Object> kafka = map(services.get("kafka-" + node));
      // shears broker runs the Kafka server jars of the build (broker-lib), the version the clients come from.
      assertThat(kafka.get("image")).isEqualTo("${SHEARS_IMAGE:-shears:latest}");
      List<String> command = strings(kafka.get("command"));
      assertThat(command.get(0)).isEqualTo("broker");
      assertThat(option(command, "--node-id")).isEqualTo(Integer.toString(node));
      assertThat(option(command, "--controller-quorum-voters"))
          .isEqualTo("1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093");
      assertThat(option(command, "--cluster-id")).startsWith("${KAFKA_CLUSTER_ID:?");
      assertThat(option(command, "--external-listener")).isNotNull();
      // Healthy means ready: the port opens before the node is.
      assertThat(option(command, "--ready-file")).isNotNull();
      assertThat(strings(kafka.get("ports"))).singleElement().asString().startsWith("${KAFKA_EXTERNAL_BIND:-127.0.0.1}:");
      assertThat(kafka).containsKey("healthcheck");
    }
    Map<String, Object> official = services("kafka-official.yml");
    for (int node = 1; node <= 3; node++) {
      assertThat(map(official.get("kafka-" + node)).get("image"))
          .isEqualTo("${KAFKA_IMAGE:-apache/kafka:" + AppInfoParser.getVersion() + "}");
    }
    for (String file : List.of("docker-compose.yml", "docker-compose.gpu.yml", "kafka-official.yml")) {
      Matcher m = Pattern.compile("apache/kafka:([0-9.]+)").matcher(read(file));
      while (m.find()) {
        assertThat(m.group(1)).as("Kafka image version in %s", file).isEqualTo(AppInfoParser.getVersion());
      }
    }
  }

  @Test
  void topicsGetThreeReplicasWithTwoInSyncBeforeAnyServiceStarts() throws IOException {
    Map<String, Object> services = services("docker-compose.yml");
    List<String> topics = strings(map(services.get("topics")).get("command"));
    assertThat(topics).containsSequence("--replication-factor", "3").containsSequence("--min-insync-replicas", "2");
    for (String name : SHEARS_SERVICES) {
      assertThat(map(map(services.get(name)).get("depends_on")).get("topics"))
          .as(name).isEqualTo(Map.of("condition", "service_completed_successfully"));
    }
  }

  @Test
  void noTrainerReservesEveryGpuAndEachHasItsOwnDeviceIds() throws IOException {
    for (String file : List.of("docker-compose.yml", "docker-compose.gpu.yml", "kafka-official.yml")) {
      assertThat(withoutComments(read(file))).as(file).doesNotContainPattern("count:\\s*(all|-1)");
    }
    // The base file runs on any host: its image has CPU natives only, so it reserves no GPU.
    assertThat(read("docker-compose.yml")).doesNotContain("driver: nvidia");
    Map<String, Object> gpu = services("docker-compose.gpu.yml");
    List<String> ids = new ArrayList<>();
    for (String trainer : List.of("trainer-1", "trainer-2")) {
      Map<String, Object> service = map(gpu.get(trainer));
      assertThat(service.get("image")).asString().contains("shears:cuda");
      List<Object> devices = list(map(map(map(service.get("deploy")).get("resources")).get("reservations"))
          .get("devices"));
      assertThat(devices).singleElement().satisfies(d -> {
        Map<String, Object> device = map(d);
        assertThat(device).containsEntry("driver", "nvidia").doesNotContainKey("count");
        ids.addAll(strings(device.get("device_ids")));
      });
    }
    assertThat(ids).containsExactly("${TRAINER_1_GPUS:-0}", "${TRAINER_2_GPUS:-1}");
  }

  @Test
  void everyServiceServesMetricsOnAllInterfacesOfItsContainerAndPrometheusScrapesThem() throws IOException {
    Map<String, Object> services = services("docker-compose.yml");
    Map<String, Object> prometheus = new Yaml().load(read("prometheus.yml"));
    List<String> targets = new ArrayList<>();
    for (Object job : list(prometheus.get("scrape_configs"))) {
      for (Object config : list(map(job).get("static_configs"))) {
        targets.addAll(strings(map(config).get("targets")));
      }
    }
    for (String name : SHEARS_SERVICES) {
      List<String> command = strings(map(services.get(name)).get("command"));
      assertThat(option(command, "--host")).as(name + " --host").isEqualTo("0.0.0.0");
      String port = option(command, "--port");
      assertThat(port).as(name + " --port").isNotNull().isNotEqualTo("0");
      assertThat(targets).contains(name + ":" + port);
      assertThat(map(services.get(name))).as(name).containsKey("healthcheck");
    }
    assertThat(map(services.get("prometheus")).get("volumes").toString()).contains("./prometheus.yml:");
  }

  @Test
  void theImageRunsAsItsOwnUserWithAHealthCheckAndNoServiceOverridesIt() throws IOException {
    List<String> lines = read("Dockerfile").lines().map(String::strip).toList();
    int lastFrom = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("FROM ")) {
        lastFrom = i;
      }
    }
    List<String> users = lines.subList(lastFrom, lines.size()).stream().filter(l -> l.startsWith("USER ")).toList();
    assertThat(users).isNotEmpty().allSatisfy(u -> assertThat(u).isNotIn("USER root", "USER 0", "USER 0:0"));
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("HEALTHCHECK "));
    for (String file : List.of("docker-compose.yml", "docker-compose.gpu.yml")) {
      for (Map.Entry<String, Object> e : services(file).entrySet()) {
        assertThat(map(e.getValue())).as(e.getKey() + " in " + file).doesNotContainKey("user")
            .doesNotContainKey("privileged");
      }
    }
  }

  @Test
  void theTokenComesFromTheEnvironmentAndPublishedPortsDefaultToLoopback() throws IOException {
    Map<String, Object> services = services("docker-compose.yml");
    for (String name : SHEARS_SERVICES) {
      Map<String, Object> env = map(map(services.get(name)).get("environment"));
      assertThat(env.get("SHEARS_TOKEN")).asString().startsWith("${SHEARS_TOKEN:?");
      Object ports = map(services.get(name)).get("ports");
      if (ports != null) {
        assertThat(strings(ports)).allSatisfy(p -> assertThat(p).startsWith("${SHEARS_PUBLISH_BIND:-127.0.0.1}:"));
      }
    }
  }

  private static Map<String, Object> services(String file) throws IOException {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(200);
    Map<String, Object> root = new Yaml(options).load(read(file));
    return map(root.get("services"));
  }

  private static String read(String file) throws IOException {
    Path path = COMPOSE.resolve(file);
    assertThat(path).as("compose file").exists();
    return Files.readString(path, StandardCharsets.UTF_8);
  }

  private static String withoutComments(String yaml) {
    return yaml.lines().map(l -> l.replaceAll("(^|\\s)#.*$", "")).reduce("", (a, b) -> a + b + "\n");
  }

  private static String option(List<String> command, String name) {
    int i = command.indexOf(name);
    return i < 0 || i + 1 >= command.size() ? null : command.get(i + 1);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    assertThat(o).isInstanceOf(Map.class);
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o) {
    assertThat(o).isInstanceOf(List.class);
    return (List<Object>) o;
  }

  private static List<String> strings(Object o) {
    return list(o).stream().map(String::valueOf).toList();
  }
}
