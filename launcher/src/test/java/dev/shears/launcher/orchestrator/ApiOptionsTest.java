package dev.shears.launcher.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.launcher.LocalInstance;
import dev.shears.orchestrator.OrchestratorClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class ApiOptionsTest {
  @Command(name = "probe")
  static final class Probe implements Runnable {
    @Mixin
    ApiOptions api;

    @Override
    public void run() {}
  }

  private static ApiOptions parse(String... args) {
    Probe probe = new Probe();
    new CommandLine(probe).parseArgs(args);
    return probe.api;
  }

  @Test
  void aLocalShearsUpSuppliesTheUrlAndTheToken(@TempDir Path dir) {
    Assumptions.assumeTrue(System.getenv("SHEARS_TOKEN") == null, "SHEARS_TOKEN is set in this environment");
    new LocalInstance(ProcessHandle.current().pid(), "127.0.0.1:9", "local-token",
        Map.of("orchestrator", "http://127.0.0.1:18081")).write(dir);

    ApiOptions api = parse("--data-dir", dir.toString());
    assertThat(api.url()).isEqualTo("http://127.0.0.1:18081");
    assertThat(api.token()).isEqualTo("local-token");

    ApiOptions explicit = parse("--data-dir", dir.toString(), "--url", "http://10.0.0.5:8081", "--token", "mine");
    assertThat(explicit.url()).isEqualTo("http://10.0.0.5:8081");
    assertThat(explicit.token()).isEqualTo("mine");
  }

  @Test
  void withoutALocalInstanceTheDefaultUrlAndNoTokenAreUsed(@TempDir Path dir) {
    Assumptions.assumeTrue(System.getenv("SHEARS_TOKEN") == null, "SHEARS_TOKEN is set in this environment");
    ApiOptions api = parse("--data-dir", dir.toString());
    assertThat(api.url()).isEqualTo(OrchestratorClient.DEFAULT_URL);
    assertThat(api.token()).isNull();
  }
}
