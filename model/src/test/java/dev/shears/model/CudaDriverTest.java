package dev.shears.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CudaDriverTest {

  @Test
  void aLinuxMachineWithoutTheDriverFileHasNoDriver(@TempDir Path dir) throws IOException {
    assertThat(new CudaDriver(dir.resolve("version"), true).mayBePresent()).isFalse();
    Files.writeString(dir.resolve("version"), "NVRM version: NVIDIA UNIX x86_64 Kernel Module");
    assertThat(new CudaDriver(dir.resolve("version"), true).mayBePresent()).isTrue();
    assertThat(new CudaDriver(dir.resolve("absent"), false).mayBePresent()).isTrue();
  }

  @Test
  void theEngineStartsWithoutCudaWarningsWhereNoDriverIsLoaded() throws Exception {
    assumeFalse(new CudaDriver().mayBePresent(), "this machine has an NVIDIA driver: DJL's warnings would be real");

    String quiet = engineStartLog(true);
    String plain = engineStartLog(false);

    assertThat(quiet).contains("engine PyTorch, 0 GPUs").doesNotContain("WARN");
    // Where the CUDA toolkit is installed without a driver, DJL's own probe warns: the quiet probe is what helps.
    if (plain.contains("Failed to detect GPU count")) {
      assertThat(plain).contains("engine PyTorch, 0 GPUs");
    }
  }

  /** The log of a fresh JVM that loads the engine, with or without the quiet probe. */
  private static String engineStartLog(boolean quiet) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
        "-Dai.djl.pytorch.num_threads=1", EngineStart.class.getName(), String.valueOf(quiet)))
        .redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(log).isZero();
    return log;
  }

  /** Loads DJL's engine, as a trainer does on its first trial. */
  public static final class EngineStart {
    public static void main(String[] args) {
      if (Boolean.parseBoolean(args[0])) {
        new CudaDriver().quietProbeWhereAbsent();
      }
      Engine engine = Engine.getInstance();
      System.out.println("engine " + engine.getEngineName() + ", " + engine.getGpuCount() + " GPUs");
    }
  }
}
