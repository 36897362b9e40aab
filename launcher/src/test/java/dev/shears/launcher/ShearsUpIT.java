package dev.shears.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.broker.junit.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code shears up} as a user runs it: a real process, its printed URLs, its heartbeats, and SIGTERM. */
class ShearsUpIT {
  private static final Path JAR = Path.of("target", "shears-launcher.jar");
  private static final Pattern HEALTH = Pattern.compile("health (http://\\S+/health)");

  @Test
  void upServesHealthHeartbeatsAndStopsWithoutLeftovers(@TempDir Path dir) throws Exception {
    assertThat(JAR).exists();
    Process up = new ProcessBuilder(java(), "-jar", JAR.toString(), "up", "--data-dir", dir.toString(),
        "--dashboard-port", "0", "--orchestrator-port", "0", "--demo")
        .redirectErrorStream(true)
        .start();
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> readLines(up, lines));
    reader.setDaemon(true);
    reader.start();
    List<ProcessHandle> family = new ArrayList<>();
    try {
      Await.until(Duration.ofSeconds(120), () -> "shears up to be ready; output so far:\n" + String.join("\n", lines),
          () -> lines.stream().anyMatch(l -> l.contains("Press Ctrl-C to stop.")));
      family.add(up.toHandle());
      up.toHandle().descendants().forEach(family::add);
      assertThat(family).as("shears up and its Kafka broker").hasSizeGreaterThanOrEqualTo(2);

      HttpClient http = HttpClient.newHttpClient();
      List<String> healthUrls = lines.stream().map(HEALTH::matcher).filter(Matcher::find).map(m -> m.group(1)).toList();
      for (String url : healthUrls) {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
      }
      assertThat(Files.readString(dir.resolve(LocalInstance.FILE))).contains("bootstrap");
      assertThat(lines).anyMatch(l -> l.startsWith("Submitted the demo sweep as experiment "));
      // The demo is followed in the terminal, a line per trial and change.
      Await.until(Duration.ofSeconds(30), () -> "the demo's progress lines; output so far:\n" + String.join("\n", lines),
          () -> lines.stream().anyMatch(l -> l.contains("trial 1/9 NASH-1 (encoder sparsity 0.3)")));

      if (!healthUrls.isEmpty()) {
        Process tail = new ProcessBuilder(java(), "-jar", JAR.toString(), "tail", "shears.fleet", "--data-dir",
            dir.toString(), "--from-beginning", "--max", "1", "--timeout", "20s").start();
        String heartbeat = new String(tail.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(tail.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tail.waitFor()).as(errors).isZero();
        assertThat(heartbeat).contains("\"type\":\"WorkerHeartbeat\"");
      }
    } finally {
      // SIGTERM, as Ctrl-C or a service manager would; Process.destroy() would also close our end of its output.
      up.toHandle().destroy();
    }
    assertThat(up.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("shears up exits on SIGTERM").isTrue();
    Await.until(Duration.ofSeconds(30), "every process of shears up to exit",
        () -> family.stream().noneMatch(ProcessHandle::isAlive));
    reader.join(Duration.ofSeconds(10).toMillis());
    assertThat(String.join("\n", lines)).contains("Shears stopped.");
    assertThat(dir.resolve(LocalInstance.FILE)).doesNotExist();
  }

  private static void readLines(Process process, List<String> lines) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lines.add(line);
      }
    } catch (IOException ignored) {
      // The process ended.
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
