package dev.shears.launcher.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shears chaos} end to end, as a user runs it: a baseline sweep, then the same sweep while a trainer, the
 * orchestrator and the broker are killed or restarted. Slow (minutes): runs only with {@code mvn verify -Pchaos}.
 */
class ChaosIT {
  private static final Path JAR = Path.of("target", "shears-launcher.jar");

  @Test
  void theFaultedSweepCompletesLikeTheFaultFreeOneAndLosesNothing(@TempDir Path dir) throws Exception {
    assertThat(JAR).exists();
    Path json = dir.resolve("chaos.json");
    Path output = dir.resolve("chaos.out");
    Process chaos = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", JAR.toString(), "chaos", "--work-dir", dir.resolve("run").toString(), "--json", json.toString())
        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
    boolean ended = chaos.waitFor(40, TimeUnit.MINUTES);
    if (!ended) {
      chaos.destroy();
      chaos.waitFor(60, TimeUnit.SECONDS);
    }
    String printed = Files.readString(output);
    System.out.println(printed);
    assertThat(ended).as("shears chaos ended within 40 minutes; output:\n" + printed).isTrue();
    assertThat(chaos.exitValue()).as(printed).isZero();

    JsonNode figures = new ObjectMapper().readTree(json.toFile());
    assertThat(figures.path("passed").asBoolean()).isTrue();
    assertThat(figures.path("faultsInjected").asInt()).as("trainer and orchestrator SIGKILLed, broker stopped")
        .isEqualTo(3);
    assertThat(figures.path("trials").asInt()).isEqualTo(4);
    assertThat(figures.path("trialsSucceeded").asInt()).isEqualTo(4);
    assertThat(figures.path("baseline").path("trialsSucceeded").asInt()).isEqualTo(4);
    assertThat(figures.path("orchestratorCounts").path("SUCCEEDED").asInt()).isEqualTo(4);
    assertThat(figures.path("eventsLost").asInt()).isZero();
    assertThat(figures.path("attempts").asInt()).as("the killed trainer's trial ran again").isGreaterThan(4);
    assertThat(figures.path("evaluations").asInt()).isEqualTo(4);
    assertThat(figures.path("checks")).isNotEmpty().allSatisfy(c ->
        assertThat(c.path("passed").asBoolean()).as(c.toString()).isTrue());
    assertThat(printed).contains("shears chaos: PASS");
  }
}
