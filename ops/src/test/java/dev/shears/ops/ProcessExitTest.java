package dev.shears.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcessExitTest {

  @Test
  void aLoopDeathSaysWhichLoopAndExitsWithSeventyFromAnotherThread() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CompletableFuture<String> exit = new CompletableFuture<>();
    ProcessExit action = new ProcessExit(new PrintStream(err, true, StandardCharsets.UTF_8),
        code -> exit.complete(code + " on " + Thread.currentThread().getName()));

    action.accept(new Liveness.Death("dashboard ingest", "java.lang.IllegalStateException: x", Instant.now()));

    assertThat(exit.get(5, TimeUnit.SECONDS)).isEqualTo("70 on shears-exit");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("the dashboard ingest stopped",
        "java.lang.IllegalStateException: x", "exiting with code 70");
  }

  @Test
  void aProcessWhoseLoopDiesRunsItsShutdownHooksAndExitsWithSeventy() throws Exception {
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), LoopDeathProcess.class.getName()).start();

    assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("the process ended").isTrue();
    assertThat(process.exitValue()).isEqualTo(Liveness.LoopDeath.EXIT_CODE);
    assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .contains("shutdown hook ran").doesNotContain("still running");
    assertThat(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
        .contains("shears: the test loop stopped (java.lang.IllegalStateException: injected: unrecoverable)",
            "exiting with code 70");
  }
}
