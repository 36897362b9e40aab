package dev.shears.broker;

import dev.shears.broker.junit.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The broker JVM must not outlive the JVM that started it, even when that one is killed with SIGKILL. */
class ParentDeathIT {

  @Test
  void brokerExitsWhenItsParentIsKilled(@TempDir Path dataDir) throws Exception {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process parent = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classPath, BrokerParentMain.class.getName(), dataDir.resolve("kafka").toString()))
        .redirectErrorStream(true)
        .start();
    long brokerPid = -1;
    try {
      BufferedReader lines = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
      String line = CompletableFuture.supplyAsync(() -> readPidLine(lines)).get(120, TimeUnit.SECONDS);
      assertThat(line).as("parent output").startsWith(BrokerParentMain.PID_PREFIX);
      brokerPid = Long.parseLong(line.substring(BrokerParentMain.PID_PREFIX.length()));
      ProcessHandle broker = ProcessHandle.of(brokerPid).orElseThrow();
      assertThat(broker.isAlive()).isTrue();
      assertThat(broker.parent().map(ProcessHandle::pid)).contains(parent.pid());

      parent.destroyForcibly(); // SIGKILL: no shutdown hook runs in the parent
      assertThat(parent.waitFor(10, TimeUnit.SECONDS)).isTrue();

      Await.until(Duration.ofSeconds(10), "broker pid " + brokerPid + " to exit after its parent was killed",
          () -> !broker.isAlive());
      assertThat(Files.readString(dataDir.resolve("kafka").resolve("broker.out")))
          .contains("Shears broker stopping");
    } finally {
      parent.destroyForcibly();
      ProcessHandle.of(brokerPid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private static String readPidLine(BufferedReader lines) {
    StringBuilder seen = new StringBuilder();
    try {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith(BrokerParentMain.PID_PREFIX)) {
          return line;
        }
        seen.append(line).append('\n');
      }
    } catch (java.io.IOException e) {
      seen.append(e);
    }
    return "parent ended without a pid line:\n" + seen;
  }
}
