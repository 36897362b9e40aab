package dev.shears.launcher.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shears chaos --containers} end to end on the local Docker engine: the compose fleet comes up, a 4-trial
 * sweep runs while the Kafka node leading a telemetry partition and a trainer are killed, the orchestrator is
 * stopped and started, and a trainer is cut off from the network for longer than its lease; then everything is
 * torn down. Slow (minutes) and needs Docker: runs only with {@code mvn verify -Pcompose}.
 */
class ContainerChaosIT {
  private static final Path JAR = Path.of("target", "shears-launcher.jar");

  @Test
  void theSweepSurvivesContainerFaultsWithNothingLostAndTheCutOffAttemptFenced(@TempDir Path dir) throws Exception {
    assertThat(JAR).exists();
    Path json = dir.resolve("chaos.json");
    Path output = dir.resolve("chaos.out");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-jar", JAR.toString(), "chaos", "--containers", "--compose-file",
        Path.of("..", "compose", "docker-compose.yml").toString(), "--work-dir", dir.resolve("run").toString(),
        "--json", json.toString()));
    if (!Boolean.getBoolean("shears.compose.baseline")) {
      command.add("--no-baseline");
    }
    Process chaos = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    boolean ended = chaos.waitFor(60, TimeUnit.MINUTES);
    if (!ended) {
      chaos.destroy();
      chaos.waitFor(5, TimeUnit.MINUTES);
    }
    String printed = Files.readString(output);
    System.out.println(printed);
    assertThat(ended).as("shears chaos --containers ended within 60 minutes; output:\n" + printed).isTrue();
    assertThat(chaos.exitValue()).as(printed).isZero();

    JsonNode figures = new ObjectMapper().readTree(json.toFile());
    assertThat(figures.path("passed").asBoolean()).isTrue();
    assertThat(figures.path("faultsInjected").asInt())
        .as("Kafka leader and trainer killed, orchestrator stopped, trainer cut off").isEqualTo(4);
    assertThat(figures.path("trials").asInt()).isEqualTo(4);
    assertThat(figures.path("trialsSucceeded").asInt()).isEqualTo(4);
    assertThat(figures.path("orchestratorCounts").path("SUCCEEDED").asInt()).isEqualTo(4);
    assertThat(figures.path("eventsLost").asInt()).isZero();
    assertThat(figures.path("evaluations").asInt()).isEqualTo(4);
    assertThat(figures.path("checks")).extracting(c -> c.path("name").asText())
        .contains("stale-attempt-fenced", "metrics-scraped", "no-lost-events", "evaluated-once");
    assertThat(figures.path("checks")).allSatisfy(c ->
        assertThat(c.path("passed").asBoolean()).as(c.toString()).isTrue());
    assertThat(printed).contains("shears chaos: PASS").contains("removed with its volumes");
  }
}
