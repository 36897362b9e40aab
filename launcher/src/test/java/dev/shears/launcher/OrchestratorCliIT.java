package dev.shears.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.broker.KafkaBroker;
import dev.shears.broker.junit.RealKafka;
import dev.shears.orchestrator.OrchestratorConfig;
import dev.shears.orchestrator.OrchestratorVerticle;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The experiment commands as a user types them, against a real orchestrator on a real broker. */
@RealKafka
class OrchestratorCliIT {
  private static final String TOKEN = "cli-test-token";
  private static Vertx vertx;
  private static String url;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void startOrchestrator(KafkaBroker broker) {
    vertx = Vertx.vertx();
    OrchestratorVerticle verticle = new OrchestratorVerticle(
        OrchestratorConfig.builder(broker.bootstrapServers(), TOKEN).port(0).build(), new SimpleMeterRegistry(),
        Clock.systemUTC());
    vertx.deployVerticle(verticle).await();
    url = "http://127.0.0.1:" + verticle.port();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    CommandLine cli = Shears.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void submitStatusPauseResumeCancel(@TempDir Path dir) throws Exception {
    Path spec = Files.writeString(dir.resolve("sweep.yaml"), """
        name: cli-sweep
        task: {dataset: builtin:synthetic-summarize, metric: rouge}
        teacher: {model: builtin:tiny-t5}
        method: nash
        nash: {decoderLayers: {list: [1, 2]}, encoderSparsity: 0.3}
        training: {steps: 10, seed: {list: [1, 2, 3]}}
        """);
    assertThat(run("submit", spec.toString(), "--url", url, "--token", TOKEN)).as(err.toString()).isZero();
    Matcher m = Pattern.compile("Submitted (\\S+) \\(cli-sweep, 6 trials\\)").matcher(out.toString());
    assertThat(m.find()).as(out.toString()).isTrue();
    String id = m.group(1);

    assertThat(run("status", "--url", url)).isZero();
    assertThat(out.toString()).contains(id, "cli-sweep");
    assertThat(run("status", id, "--url", url)).isZero();
    assertThat(out.toString()).contains(id + "-0000", "nash.decoderLayers=1", "training.seed=3");

    assertThat(run("pause", id, "--url", url, "--token", TOKEN)).as(err.toString()).isZero();
    assertThat(out.toString()).startsWith(id + ": PAUSED");
    assertThat(run("resume", id, "--url", url, "--token", TOKEN)).as(err.toString()).isZero();
    assertThat(run("cancel", id, "--url", url, "--token", TOKEN)).as(err.toString()).isZero();
    assertThat(out.toString()).startsWith(id + ": CANCELLED");
  }

  @Test
  void aBadSpecNamesEveryFieldAndExitsTwo(@TempDir Path dir) throws Exception {
    Path spec = Files.writeString(dir.resolve("bad.yaml"), """
        name: bad
        task: {dataset: ../../etc/passwd}
        teacher: {model: builtin:tiny-t5}
        method: prune-everything
        nash: {encoderSparsity: 1.5}
        """);
    assertThat(run("submit", spec.toString(), "--url", url, "--token", TOKEN)).isEqualTo(2);
    assertThat(err.toString()).contains("task.dataset", "method", "nash.encoderSparsity");
    assertThat(run("status", "--url", url)).isZero();
    assertThat(out.toString()).doesNotContain("bad ");
  }

  @Test
  void aMutationWithoutTheTokenIsRefused() {
    assertThat(run("cancel", "exp-whatever", "--url", url, "--token", "wrong")).isEqualTo(2);
    assertThat(err.toString()).contains("invalid bearer token", "SHEARS_TOKEN");
  }
}
