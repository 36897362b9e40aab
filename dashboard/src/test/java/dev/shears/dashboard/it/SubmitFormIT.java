package dev.shears.dashboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.shears.broker.KafkaBroker;
import dev.shears.broker.junit.RealKafka;
import dev.shears.dashboard.DashboardConfig;
import dev.shears.orchestrator.OrchestratorConfig;
import dev.shears.orchestrator.OrchestratorVerticle;
import dev.shears.spec.CofiSpec;
import dev.shears.spec.NashSpec;
import dev.shears.spec.PruningMethod;
import dev.shears.spec.PruningMethods;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The submit form against the real orchestrator, through the dashboard's forwarding with its token. */
@RealKafka
class SubmitFormIT {
  private static final String TOKEN = "submit-it-token";
  private static Browser browser;
  private static Vertx vertx;
  private static LiveDashboard dash;

  @BeforeAll
  static void start(KafkaBroker broker) throws Exception {
    browser = Browser.launchOrSkip();
    LiveDashboard.createTopics(broker);
    vertx = Vertx.vertx();
    OrchestratorVerticle orchestrator = new OrchestratorVerticle(
        OrchestratorConfig.builder(broker.bootstrapServers(), TOKEN).port(0).build(), new SimpleMeterRegistry(),
        Clock.systemUTC());
    vertx.deployVerticle(orchestrator).await(60, TimeUnit.SECONDS);
    dash = new LiveDashboard(broker.bootstrapServers(), DashboardConfig.of(broker.bootstrapServers(), "127.0.0.1",
        0, "http://127.0.0.1:" + orchestrator.port(), TOKEN)).start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (dash != null) {
      dash.close();
    }
    if (vertx != null) {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void showsTheOrchestratorsFieldErrorBesideTheFieldThenCreatesTheExperiment() {
    try (BrowserContext context = browser.chromium().newContext()) {
      Page page = context.newPage();
      page.setDefaultTimeout(15_000);
      page.navigate(dash.url("/submit"));
      page.fill("#f-token", TOKEN);
      String name = Seed.id("form");
      page.fill("#f-name", name);
      page.fill("#f-sparsity", "1.5");
      page.click("#submit");
      var error = page.locator(".field-error[data-error-for='nash.encoderSparsity']");
      page.waitForFunction("() => document.querySelector(\"[data-error-for='nash.encoderSparsity']\").textContent"
          + ".length > 0");
      assertThat(error.textContent()).contains("1.5").doesNotContain("nash.encoderSparsity:");
      assertThat(page.locator("#f-sparsity").getAttribute("class")).contains("invalid");
      assertThat(page.locator("#result").textContent()).isEmpty();

      page.fill("#f-sparsity", "0.3");
      page.click("#submit");
      page.locator("#created-link").waitFor();
      assertThat(error.textContent()).isEmpty();
      String experimentId = page.locator("#created-link").textContent();
      assertThat(page.locator("#result").textContent()).contains("3 trials");

      page.click("#created-link");
      page.waitForURL("**/experiments/" + experimentId);
      page.waitForFunction("n => document.getElementById('title').textContent === n", name);
      page.locator("#trials tbody tr").nth(2).waitFor();
      assertThat(page.locator("#trials tbody tr").count()).isEqualTo(3);
    }
  }

  @Test
  void theMethodsComeFromTheRegistryAndTheFieldsBindToTheChosenMethodsSection() throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    var served = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(dash.url("/api/methods")))
        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.body()).isEqualTo(PruningMethods.describe().toString());
    try (BrowserContext context = browser.chromium().newContext()) {
      Page page = context.newPage();
      page.setDefaultTimeout(15_000);
      page.navigate(dash.url("/submit"));
      page.waitForFunction("n => document.querySelectorAll('#f-method option').length === n",
          PruningMethods.all().size());
      assertThat(page.locator("#f-method option").evaluateAll("os => os.map(o => o.value)"))
          .isEqualTo(PruningMethods.all().stream().map(PruningMethod::name).toList());
      page.selectOption("#f-method", CofiSpec.NAME);
      assertThat(page.locator("#f-sparsity").getAttribute("data-path")).isEqualTo(CofiSpec.NAME + ".sparsity");
      assertThat(page.locator("#f-sparsity-label").textContent()).isEqualTo("Model sparsity target");
      assertThat(page.locator("#f-layers").isDisabled()).isTrue();
      page.selectOption("#f-method", NashSpec.NAME);
      assertThat(page.locator("#f-layers").getAttribute("data-path")).isEqualTo("nash.decoderLayers");
      assertThat(page.locator("#f-selection option").count()).isEqualTo(5);
    }
  }

  @Test
  void aWrongTokenIsShownBesideTheTokenFieldAndNothingIsCreated() {
    try (BrowserContext context = browser.chromium().newContext()) {
      Page page = context.newPage();
      page.setDefaultTimeout(15_000);
      page.navigate(dash.url("/submit"));
      page.fill("#f-token", "not-the-token");
      page.fill("#f-name", Seed.id("form-unauthorised"));
      page.click("#submit");
      page.waitForFunction("() => document.getElementById('token-error').textContent.length > 0");
      assertThat(page.locator("#token-error").textContent()).contains("invalid bearer token");
      assertThat(page.locator("#f-token").getAttribute("class")).contains("invalid");
      assertThat(page.locator("#result").textContent()).isEmpty();
    }
  }

  @Test
  void mutationsWithoutJsonOrFromAnotherOriginAreRefused() throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    var form = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(dash.url("/api/experiments")))
        .header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("name=x")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(form.statusCode()).isEqualTo(415);
    var foreign = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(dash.url("/api/experiments")))
        .header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "application/json").header("Origin", "http://evil.example")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(foreign.statusCode()).isEqualTo(403);
  }
}
