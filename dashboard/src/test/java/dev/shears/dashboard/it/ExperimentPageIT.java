package dev.shears.dashboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Page;
import dev.shears.broker.KafkaBroker;
import dev.shears.broker.junit.Await;
import dev.shears.broker.junit.RealKafka;
import dev.shears.events.Envelope;
import dev.shears.events.ExperimentSubmitted;
import dev.shears.events.TrialCreated;
import dev.shears.events.TrialStarted;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The experiment page's trials table in a real headless Chromium: a column per swept field and per metric, sorting
 * on a header click (again for descending), a substring filter, 50 rows a page, swept values shown as text; and the
 * confirmation before an experiment is cancelled; "Clone as new spec" opening the submit form with the same spec.
 */
@RealKafka
class ExperimentPageIT {
  private static final int TRIALS = 60;
  private static final String MARKUP = "<b id=injected>x</b>";
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
    page = session.newPage(1400, 1100, 15_000);
  }

  @AfterEach
  void closePage() {
    page.context().close();
  }

  /** 60 trials sweeping decoder layers (1, 2, 3) by seed (0..19) and a free-text tag; the first five evaluated. */
  private static List<String> sweep(String exp) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode spec = f.objectNode().put("method", "nash");
    spec.putObject("nash").put("selection", "uniform").put("encoderSparsity", 0.3)
        .putObject("decoderLayers").putArray("grid").add(1).add(2).add(3);
    ObjectNode seeds = spec.putObject("training").putObject("seed");
    for (int s = 0; s < TRIALS / 3; s++) {
      seeds.withArray("list").add(s);
    }
    spec.putObject("task").putObject("tag").putArray("list").add(MARKUP).add("plain");
    Instant now = Instant.now();
    dash.send(Envelope.of(new ExperimentSubmitted("table " + exp, null, spec, TRIALS, "it"), exp, null, 0, 0, now));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < TRIALS; i++) {
      String trialId = exp + "-t" + i;
      ids.add(trialId);
      ObjectNode trial = f.objectNode().put("method", "nash");
      trial.putObject("nash").put("selection", "uniform").put("encoderSparsity", 0.3).put("decoderLayers", i % 3 + 1);
      trial.putObject("training").put("seed", i / 3);
      trial.putObject("task").put("tag", i == 7 ? MARKUP : "plain");
      dash.send(Envelope.of(new TrialCreated(i, trial, 1, 8, 0, 3), exp, trialId, 0, 1, now));
      dash.send(Envelope.of(new TrialStarted("worker-a"), exp, trialId, 0, 2, now));
    }
    dash.flush();
    for (int i = 0; i < 5; i++) {
      Seed.export(dash, exp, ids.get(i), 10, 0.30 + 0.01 * i, 1.5 + 0.3 * ((i * 2) % 5));
    }
    Await.until(Duration.ofSeconds(20), "all trials and evaluations to arrive",
        () -> dash.verticle().state().trialsOf(exp).map(rows -> rows.size() == TRIALS
            && rows.stream().filter(r -> r.speedup() != null).count() == 5).orElse(false));
    return ids;
  }

  private List<String> column(String key) {
    return page.locator("#trials tbody td[data-key='" + key + "']").allInnerTexts();
  }

  private void sortBy(String key, String direction) {
    page.click("#trials th[data-key='" + key + "']");
    page.waitForSelector("#trials th[data-key='" + key + "'][aria-sort='" + direction + "']");
  }

  @Test
  void sortsFiltersAndPagesTheTrialsWithAColumnPerSweptFieldAndMetric() {
    String exp = Seed.id("table");
    List<String> ids = sweep(exp);
    page.navigate(dash.url("/experiments/" + exp));
    page.waitForFunction("() => document.querySelector('#trial-count').textContent === '60 trials'");

    List<String> headers = page.locator("#trials thead th").all().stream().map(h -> h.getAttribute("data-key"))
        .toList();
    assertThat(headers).contains("swept:nash.decoderLayers", "swept:training.seed", "swept:task.tag", "quality",
        "retained", "speedup", "sparsity", "params", "state");
    assertThat(page.locator("#trials th[data-key='swept:nash.decoderLayers']").innerText())
        .isEqualTo("nash.decoderLayers");
    assertThat(page.locator("#trials tbody tr").count()).isEqualTo(50);
    assertThat(page.locator("#page-info").innerText()).isEqualTo("page 1 of 2");

    // A swept value that looks like markup is shown as text, not parsed.
    assertThat(page.locator("#injected").count()).isZero();
    assertThat(page.locator("#trials tr[data-id='" + ids.get(7) + "'] td[data-key='swept:task.tag']").innerText())
        .isEqualTo(MARKUP);

    sortBy("swept:nash.decoderLayers", "ascending");
    List<String> layers = column("swept:nash.decoderLayers");
    assertThat(layers).hasSize(50).isSortedAccordingTo(String::compareTo).startsWith("1").endsWith("3");
    assertThat(layers.stream().filter("1"::equals).count()).isEqualTo(20);
    sortBy("swept:nash.decoderLayers", "descending");
    assertThat(column("swept:nash.decoderLayers")).startsWith("3", "3").endsWith("1");

    // Speed-ups of the evaluated trials: 1.5, 2.1, 2.7, 1.8, 2.4; unevaluated trials sort last both ways.
    sortBy("speedup", "ascending");
    assertThat(column("speedup").subList(0, 6)).containsExactly("1.50×", "1.80×", "2.10×", "2.40×", "2.70×", "");
    sortBy("speedup", "descending");
    assertThat(column("speedup").subList(0, 6)).containsExactly("2.70×", "2.40×", "2.10×", "1.80×", "1.50×", "");
    assertThat(column("trial").get(0)).isEqualTo(ids.get(2));
    // Quality retained comes from the experiment's report: 0.32 of the teacher's 0.41.
    page.waitForFunction("() => document.querySelector(\"#trials tr[data-id='" + ids.get(2)
        + "'] td[data-key='retained']\").textContent.endsWith('%')");
    assertThat(page.locator("#trials tr[data-id='" + ids.get(2) + "'] td[data-key='retained']").innerText())
        .isEqualTo("78.0%");

    // The filter matches a substring of any cell: "-t5" is t5 and t50..t59.
    page.fill("#trial-filter", exp + "-t5");
    page.waitForFunction("() => document.querySelectorAll('#trials tbody tr').length === 11");
    assertThat(page.locator("#trial-count").innerText()).isEqualTo("11 of 60 trials match");
    assertThat(page.locator("#page-info").innerText()).isEqualTo("page 1 of 1");
    page.fill("#trial-filter", MARKUP);
    page.waitForFunction("() => document.querySelectorAll('#trials tbody tr').length === 1");
    assertThat(column("trial")).containsExactly(ids.get(7));
    page.fill("#trial-filter", "");

    // The second page holds the rest, in the order chosen.
    sortBy("index", "ascending");
    page.click("#page-next");
    page.waitForFunction("() => document.querySelector('#page-info').textContent === 'page 2 of 2'");
    assertThat(column("index")).hasSize(10).startsWith("50").endsWith("59");
    assertThat(page.locator("#page-next").isDisabled()).isTrue();
    page.click("#page-prev");
    page.waitForFunction("() => document.querySelector('#page-info').textContent === 'page 1 of 2'");
    assertThat(column("index")).startsWith("0");
  }

  @Test
  void cancellingAnExperimentAsksFirstAndSendsNothingWhenDeclined() {
    String exp = Seed.id("cancel");
    Seed.experiment(dash, exp, "cancel " + exp, 1);
    List<String> cancels = new CopyOnWriteArrayList<>();
    List<String> dialogs = new CopyOnWriteArrayList<>();
    AtomicBoolean accept = new AtomicBoolean(false);
    page.onDialog(d -> {
      dialogs.add(d.type() + ": " + d.message());
      if (accept.get()) {
        d.accept();
      } else {
        d.dismiss();
      }
    });
    page.onRequest(r -> {
      if (r.url().endsWith("/cancel")) {
        cancels.add(r.method());
      }
    });
    page.navigate(dash.url("/experiments/" + exp));
    page.waitForFunction("() => document.querySelector('#title').textContent === 'cancel " + exp + "'");

    page.click("button[data-action='cancel']");
    page.waitForTimeout(300);
    assertThat(dialogs).singleElement().asString().startsWith("confirm: Cancel experiment \"cancel " + exp + "\"?");
    assertThat(cancels).isEmpty();
    assertThat(page.locator("#action-result").innerText()).isEmpty();

    accept.set(true);
    page.click("button[data-action='cancel']");
    // The orchestrator in this test is unreachable, so the request goes out and the page says how it failed.
    page.waitForFunction("() => document.querySelector('#action-result').textContent.startsWith('cancel')");
    assertThat(cancels).containsExactly("POST");

    // Pausing asks nothing.
    page.click("button[data-action='pause']");
    page.waitForFunction("() => document.querySelector('#action-result').textContent.startsWith('pause')");
    assertThat(dialogs).hasSize(2);
  }

  @Test
  void cloneOpensTheSubmitFormHoldingTheSameSpec() throws Exception {
    String exp = Seed.id("clone");
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode spec = f.objectNode().put("name", "clone " + exp).put("method", "nash");
    spec.putObject("task").put("dataset", "builtin:synthetic-summarize").put("metric", "rouge").put("tag", MARKUP);
    spec.putObject("nash").put("selection", "uniform").put("encoderSparsity", 0.3)
        .putObject("decoderLayers").putArray("grid").add(1).add(2).add(3);
    ObjectNode training = spec.putObject("training").put("steps", 50).put("lr", 3e-4);
    training.putObject("seed").putArray("list").add(1).add(2);
    spec.putObject("eval").put("beam", 4);
    dash.send(Envelope.of(new ExperimentSubmitted("clone " + exp, null, spec, 6, "it"), exp, null, 0, 0,
        Instant.now()));
    dash.flush();
    Await.until(Duration.ofSeconds(15), "the experiment to arrive",
        () -> dash.verticle().state().experimentSpec(exp).isPresent());

    AtomicReference<String> posted = new AtomicReference<>();
    page.route("**/api/experiments", route -> {
      posted.set(route.request().postData());
      route.fulfill(new com.microsoft.playwright.Route.FulfillOptions().setStatus(201)
          .setContentType("application/json").setBody("{\"experimentId\":\"copy-1\",\"trialCount\":6}"));
    });
    page.navigate(dash.url("/experiments/" + exp));
    page.click("#clone");
    page.waitForURL("**/submit?clone=" + exp);
    page.waitForSelector("#spec-form[data-cloned-from='" + exp + "']");

    assertThat(page.locator("#f-name").inputValue()).isEqualTo("clone " + exp);
    assertThat(page.locator("#f-layers").inputValue()).isEqualTo("1, 2, 3");
    assertThat(page.locator("#f-seed").inputValue()).isEqualTo("1, 2");
    assertThat(page.locator("#f-steps").inputValue()).isEqualTo("50");
    assertThat(page.locator("#f-concurrency").inputValue()).isEmpty();
    JsonNode extra = new ObjectMapper().readTree(page.locator("#f-extra").inputValue());
    assertThat(extra.at("/eval/beam").asInt()).isEqualTo(4);
    assertThat(extra.at("/task/tag").asText()).isEqualTo(MARKUP);
    assertThat(extra.has("nash")).isFalse();
    assertThat(page.locator("#clone-note").innerText()).contains(exp);

    page.click("#submit");
    page.locator("#created-link").waitFor();
    assertThat(new ObjectMapper().readTree(posted.get())).isEqualTo(spec);
  }
}
