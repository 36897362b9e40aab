package dev.shears.dashboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.shears.broker.KafkaBroker;
import dev.shears.broker.junit.Await;
import dev.shears.broker.junit.RealKafka;
import dev.shears.dashboard.DashboardConfig;
import dev.shears.dashboard.bench.SimulatedTrial;
import dev.shears.events.Envelope;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pages in a real headless Chromium, fed by a real broker. */
@RealKafka
class DashboardBrowserIT {
  private static BrowserDashboard session;
  private static LiveDashboard dash;
  private Page page;

  @BeforeAll
  static void start(KafkaBroker broker) {
    session = BrowserDashboard.start(broker);
    dash = session.dash();
  }

  @AfterAll
  static void stop() {
    if (session != null) {
      session.close();
    }
  }

  @BeforeEach
  void openPage() {
    page = session.newPage(1400, 1100, 10_000);
  }

  @AfterEach
  void closePage() {
    page.context().close();
  }

  private void awaitTrial(String trialId) {
    Await.until(Duration.ofSeconds(15), "dashboard to know " + trialId,
        () -> dash.verticle().state().trialRow(trialId).isPresent());
  }

  @Test
  void experimentsExperimentTrialAndFleetPagesRender() {
    String exp = Seed.id("render");
    List<String> trials = Seed.experiment(dash, exp, "nash sweep " + exp, 3);
    SimulatedTrial sim = new SimulatedTrial(exp, trials.get(0), 6, 8, 10, 0.3, 100, 1);
    for (int i = 0; i < 50; i++) {
      sim.next(Instant.now()).forEach(dash::send);
    }
    Seed.export(dash, exp, trials.get(0), 1000, 0.38, 2.1);
    Seed.export(dash, exp, trials.get(1), 1000, 0.35, 3.0);
    dash.flush();
    Await.until(Duration.ofSeconds(15), "evaluations to arrive",
        () -> dash.verticle().state().report(exp).map(r -> r.rows().size() == 3).orElse(false));

    page.navigate(dash.url("/"));
    page.locator("#experiments a.exp-name", new Page.LocatorOptions().setHasText(exp)).waitFor();
    assertThat(page.locator("#experiments tr[data-id='" + exp + "']").innerText()).contains("RUNNING");

    page.navigate(dash.url("/experiments/" + exp));
    page.locator("#trials tr[data-id='" + trials.get(2) + "']").waitFor();
    assertThat(page.locator("#trials tbody tr").count()).isEqualTo(3);
    assertThat(page.locator("#trials tr[data-id='" + trials.get(0) + "']").innerText()).contains("50");
    page.locator("#report tbody tr").nth(2).waitFor();
    assertThat(page.locator("#report").textContent()).contains("teacher").contains("3.00×").contains("ROUGE-L")
        .contains("Model sparsity").contains("Params (of teacher)");
    shot("experiment-page.png");

    page.navigate(dash.url("/trials/" + trials.get(0)));
    page.waitForSelector("#chart-loss[data-last-step='50']");
    assertThat(page.locator("#chart-loss .uplot").count()).isEqualTo(1);
    assertThat(page.locator("#summary").innerText()).contains("prune-encoder").contains(exp);
    assertThat(page.locator("#timeline").innerText()).contains("prune-encoder");
    assertThat(page.locator("#checkpoints tbody tr").count()).isEqualTo(1);
    assertThat(page.locator("#evaluation").innerText()).contains("2.10×");
    assertThat(page.locator("#heatmap-legend").innerText()).contains("of 48 heads");

    page.navigate(dash.url("/fleet"));
    page.locator("#workers tr[data-id='worker-a']").waitFor();
    assertThat(page.locator("#workers tr[data-id='worker-a']").innerText()).contains("NVIDIA H100").contains("87%");
    shot("fleet-page.png");
    page.navigate(dash.url("/submit"));
    assertThat(page.locator("#f-sparsity").inputValue()).isEqualTo("0.3");
    shot("submit-page.png");
  }

  private void shot(String name) {
    page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "screenshots", name)).setFullPage(true));
  }

  @Test
  void telemetryProducedToTheBrokerAppearsInTheTrialChartWithinASecond() {
    String exp = Seed.id("live");
    String trial = Seed.experiment(dash, exp, "live " + exp, 1).get(0);
    awaitTrial(trial);
    page.navigate(dash.url("/trials/" + trial));
    page.locator("#stream-status.live").waitFor();
    page.waitForFunction("() => document.querySelector('#summary dd') && "
        + "!document.querySelector('#summary').innerText.includes('Loading')");
    SimulatedTrial sim = new SimulatedTrial(exp, trial, 6, 8, 10, 0.3, 100, 2);
    for (int round = 1; round <= 3; round++) {
      long step = sim.step();
      long sent = System.nanoTime();
      sim.next(Instant.now()).forEach(dash::send);
      dash.flush();
      page.waitForSelector("#chart-loss[data-last-step='" + step + "']",
          new Page.WaitForSelectorOptions().setTimeout(1_000).setState(WaitForSelectorState.ATTACHED));
      long millis = (System.nanoTime() - sent) / 1_000_000;
      assertThat(millis).as("emit to chart, round %d", round).isLessThan(1_000);
      page.waitForSelector("#chart-lagrangian[data-last-step='" + step + "']",
          new Page.WaitForSelectorOptions().setTimeout(1_000).setState(WaitForSelectorState.ATTACHED));
    }
  }

  @Test
  void aClientBehindItsBufferSeesADroppedCountAndGetsTheGapRefilled(KafkaBroker broker) {
    DashboardConfig tight = DashboardConfig.of(broker.bootstrapServers(), "127.0.0.1", 0, "http://127.0.0.1:9",
        null).withClientLimits(4, 64);
    try (LiveDashboard small = new LiveDashboard(broker.bootstrapServers(), tight).start()) {
      String exp = Seed.id("drop");
      String trial = Seed.experiment(small, exp, "drop " + exp, 1).get(0);
      Await.until(Duration.ofSeconds(15), "trial known", () -> small.verticle().state().trialRow(trial).isPresent());
      page.navigate(small.url("/trials/" + trial));
      page.locator("#stream-status.live").waitFor();
      page.waitForFunction("() => !document.querySelector('#summary').innerText.includes('Loading')");
      // A burst of 300 steps within one flush interval: only 4 rows per series fit the client's buffer.
      SimulatedTrial sim = new SimulatedTrial(exp, trial, 6, 8, 10, 0.3, 100, 4);
      for (int i = 0; i < 300; i++) {
        sim.next(Instant.now()).forEach(small::send);
      }
      small.flush();
      page.waitForFunction("() => /dropped [1-9]/.test(document.getElementById('dropped').textContent)");
      page.waitForSelector("#chart-loss[data-last-step='300']");
      // The refill from the server's history closes the gap: every step is on the chart again.
      page.waitForSelector("#chart-loss[data-rows='300']", new Page.WaitForSelectorOptions().setTimeout(15_000)
          .setState(WaitForSelectorState.ATTACHED));
    }
  }

  @Test
  void anExperimentNamedWithMarkupRendersAsText() {
    String exp = Seed.id("xss");
    String name = "<img src=x onerror=alert(1)>";
    String trial = Seed.experiment(dash, exp, name, 1).get(0);
    awaitTrial(trial);
    AtomicBoolean dialog = new AtomicBoolean();
    page.onDialog(d -> {
      dialog.set(true);
      d.dismiss();
    });
    page.navigate(dash.url("/"));
    var link = page.locator("#experiments tr[data-id='" + exp + "'] a.exp-name");
    link.waitFor();
    assertThat(link.textContent()).isEqualTo(name);
    assertThat(page.locator("#experiments img").count()).isZero();
    page.navigate(dash.url("/experiments/" + exp));
    page.waitForFunction("n => document.getElementById('title').textContent === n", name);
    assertThat(page.locator("main img").count()).isZero();
    assertThat(dialog).isFalse();
  }

  @Test
  void unknownTrialIsA404PageAndMalformedQueriesAre400() throws Exception {
    Await.until(Duration.ofSeconds(15), "dashboard to catch up", () -> dash.verticle().caughtUp());
    Response missing = page.navigate(dash.url("/trials/no-such-trial"));
    assertThat(missing.status()).isEqualTo(404);
    assertThat(page.locator("h1").innerText()).isEqualTo("Not found");
    assertThat(page.navigate(dash.url("/trials/%3Cscript%3E")).status()).isEqualTo(400);

    HttpClient http = HttpClient.newHttpClient();
    String exp = Seed.id("query");
    String trial = Seed.experiment(dash, exp, "query", 1).get(0);
    awaitTrial(trial);
    for (String bad : List.of("/api/trials/" + trial + "/series/loss?points=lots",
        "/api/trials/" + trial + "/series/loss?from=5&to=1", "/api/trials/" + trial + "/series/loss?mode=avg",
        "/api/trials/" + trial + "/series/weights", "/api/stream?channels=trial:%3Cx%3E", "/api/stream")) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(dash.url(bad))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(r.body()).as(bad).contains("\"error\"");
    }
    HttpResponse<String> ok = http.send(HttpRequest.newBuilder(
        URI.create(dash.url("/api/trials/" + trial + "/series/loss?points=100&mode=lttb"))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).startsWith("{\"columns\":[\"total\"");
    HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(dash.url("/health"))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"caughtUp\":true");
    HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(dash.url("/metrics"))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.body()).contains("shears_dashboard_events_total").contains("shears_dashboard_streams");
    HttpResponse<String> gone = http.send(HttpRequest.newBuilder(URI.create(dash.url("/api/trials/nope"))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(gone.statusCode()).isEqualTo(404);
  }

  @Test
  void aTrialPageResumesItsStreamAfterAServerRestart() {
    String exp = Seed.id("restart");
    String trial = Seed.experiment(dash, exp, "restart " + exp, 1).get(0);
    SimulatedTrial sim = new SimulatedTrial(exp, trial, 6, 8, 10, 0.3, 100, 3);
    sim.next(Instant.now()).forEach(dash::send);
    dash.flush();
    awaitTrial(trial);
    page.navigate(dash.url("/trials/" + trial));
    page.waitForSelector("#chart-loss[data-last-step='1']");

    dash.restartOnSamePort();
    page.locator("#stream-status.down, #stream-status.live").first().waitFor();
    Await.until(Duration.ofSeconds(20), "restarted dashboard to replay the trial",
        () -> dash.verticle().state().trialRow(trial).isPresent());
    for (int i = 0; i < 5; i++) {
      sim.next(Instant.now()).forEach(dash::send);
    }
    dash.flush();
    page.waitForSelector("#chart-loss[data-last-step='6']", new Page.WaitForSelectorOptions().setTimeout(15_000)
        .setState(WaitForSelectorState.ATTACHED));
    // A reload of the deep link works too.
    page.reload();
    page.waitForSelector("#chart-loss[data-last-step='6']");
  }

  @Test
  void trialPageUnderLiveLoadScreenshot() throws Exception {
    String exp = Seed.id("shot");
    List<String> trials = Seed.experiment(dash, exp, "simulated live load (12 x 12 encoder heads)", 8, 0.6);
    String trial = trials.get(3);
    SimulatedTrial sim = new SimulatedTrial(exp, trial, 12, 12, 10, 0.6, 600, 42);
    for (int i = 0; i < 900; i++) {
      sim.next(Instant.now()).forEach(dash::send);
    }
    dash.flush();
    Await.until(Duration.ofSeconds(20), "history to arrive",
        () -> dash.verticle().state().trialRow(trial).map(r -> r.step() != null && r.step() == 900).orElse(false));
    page.navigate(dash.url("/trials/" + trial));
    page.waitForSelector("#chart-loss[data-last-step='900']");
    // Live load: 20 steps per second while the page is open.
    for (int i = 0; i < 40; i++) {
      sim.next(Instant.now()).forEach(dash::send);
      dash.flush();
      page.waitForTimeout(50);
    }
    page.waitForSelector("#chart-loss[data-last-step='940']");
    // -Dshears.screenshots=../docs/screenshots refreshes the committed screenshot.
    Path out = Path.of(System.getProperty("shears.screenshots", "target/screenshots"));
    Files.createDirectories(out);
    page.screenshot(new Page.ScreenshotOptions().setPath(out.resolve("trial-page.png")).setFullPage(true));
    assertThat(Files.size(out.resolve("trial-page.png"))).isGreaterThan(10_000);
    assertThat(new String(Files.readAllBytes(out.resolve("trial-page.png")), 1, 3, StandardCharsets.US_ASCII))
        .isEqualTo("PNG");
  }
}
