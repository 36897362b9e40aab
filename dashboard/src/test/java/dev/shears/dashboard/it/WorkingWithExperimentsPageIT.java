package dev.shears.dashboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import dev.shears.broker.KafkaBroker;
import dev.shears.broker.junit.Await;
import dev.shears.broker.junit.RealKafka;
import dev.shears.dashboard.state.Events;
import dev.shears.events.Envelope;
import dev.shears.events.ExperimentAnnotated;
import dev.shears.events.TrialFailed;
import dev.shears.events.TrialRetried;
import dev.shears.events.TrialStopped;
import dev.shears.events.TrialSucceeded;
import dev.shears.events.ValidationEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tags and note on the experiment page, and cancel and retry on the trial page, in a real headless Chromium: what
 * the events on the broker say is shown (escaped) and follows live updates, edits and actions go out with the token
 * after a confirmation, and validation errors come back inline by field. (The orchestrator's own validation and
 * the actions' effects are tested on a real broker by the orchestrator's WorkingWithExperimentsIT.)
 */
@RealKafka
class WorkingWithExperimentsPageIT {
  private static final ObjectMapper JSON = new ObjectMapper();
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
    page = session.newPage(1300, 1000, 15_000);

  }

  @AfterEach
  void closePage() {
    page.context().close();
  }

  @Test
  void tagsAndNoteAreShownEscapedAndAnEditGoesOutWithTheTokenAndShowsErrorsByField() throws Exception {
    String exp = Seed.id("tags");
    Seed.experiment(dash, exp, "tags " + exp, 1);
    dash.send(Envelope.of(new ExperimentAnnotated(List.of("baseline", "v2"), "line one\n<b id=injected>x</b>"), exp,
        null, 0, 0, Instant.now()));
    dash.flush();
    Await.until(Duration.ofSeconds(30), "the dashboard to read the tags", () -> dash.verticle().state()
        .experimentRow(exp).map(x -> x.tags().size() == 2).orElse(false));
    page.navigate(dash.url("/experiments/" + exp));
    page.waitForFunction("() => document.querySelectorAll('#tags-view .tag').length === 2");
    assertThat(page.locator("#tags-view .tag").allInnerTexts()).containsExactly("baseline", "v2");
    assertThat(page.locator("#note-view").innerText()).isEqualTo("line one\n<b id=injected>x</b>");
    assertThat(page.locator("#injected").count()).isZero();
    assertThat(page.inputValue("#tags-input")).isEqualTo("baseline, v2");

    List<JsonNode> sent = new CopyOnWriteArrayList<>();
    List<String> tokens = new CopyOnWriteArrayList<>();
    page.route("**/api/experiments/" + exp + "/annotations", route -> {
      try {
        sent.add(JSON.readTree(route.request().postData()));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      tokens.add(route.request().headers().get("authorization"));
      route.fulfill(new Route.FulfillOptions().setStatus(400).setContentType("application/json")
          .setBody("[{\"path\":\"tags[1]\",\"message\":\"'bad!' may hold only letters, digits and . _ : / + -\"}]"));
    });
    page.evaluate("() => sessionStorage.setItem('shears.token', 'it-token')");
    page.fill("#tags-input", "ok, bad!  third");
    page.fill("#note-input", "a new note");
    page.click("#annotation-save");
    page.waitForFunction("() => document.querySelectorAll('#annotation-errors li').length === 1");

    assertThat(sent).singleElement().satisfies(body -> {
      assertThat(body.path("tags").toString()).isEqualTo("[\"ok\",\"bad!\",\"third\"]");
      assertThat(body.path("note").asText()).isEqualTo("a new note");
    });
    assertThat(tokens).containsExactly("Bearer it-token");
    assertThat(page.locator("#annotation-errors li").innerText()).startsWith("tags[1]: 'bad!' may hold only");
    assertThat(page.locator("#annotation-result").innerText()).isEqualTo("not saved (400)");

    // A change written by anyone arrives live; the field being edited keeps the user's text.
    dash.send(Envelope.of(new ExperimentAnnotated(List.of("final"), ""), exp, null, 0, 0, Instant.now()));
    dash.flush();
    page.waitForFunction("() => document.querySelector('#tags-view').innerText.trim() === 'final'");
    assertThat(page.locator("#note-view").innerText()).isEqualTo("No note.");
    assertThat(page.inputValue("#tags-input")).isEqualTo("ok, bad!  third");
  }

  @Test
  void aFailedTrialCanBeRetriedAfterAConfirmationAndARunningOneCancelled() {
    String exp = Seed.id("retry");
    List<String> ids = Seed.experiment(dash, exp, "retry " + exp, 2);
    String failed = ids.get(0);
    dash.send(Envelope.of(new TrialFailed("bad data", 10L, null, null), exp, failed, 0, 4, Instant.now()));
    dash.flush();
    Await.until(Duration.ofSeconds(30), "the dashboard to read the failure", () -> dash.verticle().state()
        .trialRow(failed).map(t -> t.state().name().equals("FAILED")).orElse(false)
        && dash.verticle().state().trialRow(ids.get(1)).isPresent());
    Confirmations watched = Confirmations.on(page);
    List<String> dialogs = watched.dialogs();
    List<String> posts = watched.posts();
    AtomicBoolean accept = watched.accept();

    page.navigate(dash.url("/trials/" + failed));
    page.waitForFunction("() => !document.querySelector('#trial-retry').disabled");
    assertThat(page.isDisabled("#trial-cancel")).isTrue();
    page.click("#trial-retry");
    page.waitForTimeout(300);
    assertThat(dialogs).singleElement().asString().startsWith("Retry trial " + failed + " (failed)?");
    assertThat(posts).isEmpty();

    accept.set(true);
    page.click("#trial-retry");
    // No orchestrator answers in this test: the request goes out and the page says how it failed.
    page.waitForFunction("() => document.querySelector('#trial-action-result').textContent.startsWith('retry')");
    assertThat(posts).containsExactly("/api/trials/" + failed + "/retry");

    // The orchestrator's decision arrives as an event: the trial waits again and may be cancelled, not retried.
    dash.send(Envelope.of(new TrialRetried("retry requested via API", 1), exp, failed, 0, 0, Instant.now()));
    dash.flush();
    page.waitForFunction("() => !document.querySelector('#trial-cancel').disabled");
    assertThat(page.isDisabled("#trial-retry")).isTrue();

    page.navigate(dash.url("/trials/" + ids.get(1)));
    page.waitForFunction("() => !document.querySelector('#trial-cancel').disabled");
    assertThat(page.isDisabled("#trial-retry")).isTrue();
    page.click("#trial-cancel");
    page.waitForFunction("() => document.querySelector('#trial-action-result').textContent.startsWith('cancel')");
    assertThat(dialogs.get(dialogs.size() - 1)).startsWith("Cancel trial " + ids.get(1) + "?");
    assertThat(posts).endsWith("/api/trials/" + ids.get(1) + "/cancel");
  }

  @Test
  void eachTrialRowOffersTheActionsItsStateAllowsAndSendsThemAfterAConfirmation() {
    String exp = Seed.id("rows");
    List<String> ids = Seed.experiment(dash, exp, "rows " + exp, 3);
    String failed = ids.get(0);
    String running = ids.get(1);
    String done = ids.get(2);
    dash.send(Envelope.of(new TrialFailed("bad data", 10L, null, null), exp, failed, 0, 4, Instant.now()));
    dash.send(Envelope.of(new TrialSucceeded("file:/tmp/x", java.util.Map.of()), exp, done, 0, 4, Instant.now()));
    dash.flush();
    Await.until(Duration.ofSeconds(30), "the dashboard to read the outcomes", () -> state(failed).equals("FAILED")
        && state(done).equals("SUCCEEDED") && state(running).equals("RUNNING"));
    Confirmations watched = Confirmations.on(page);
    List<String> dialogs = watched.dialogs();
    List<String> posts = watched.posts();
    List<String> tokens = watched.tokens();
    AtomicBoolean accept = watched.accept();

    page.navigate(dash.url("/experiments/" + exp));
    page.evaluate("() => sessionStorage.setItem('shears.token', 'it-token')");
    page.waitForSelector(action(failed, "retry") + ":not([disabled])");
    assertThat(page.isDisabled(action(failed, "cancel"))).as("cancel a failed trial").isTrue();
    assertThat(page.isDisabled(action(running, "cancel"))).as("cancel a running trial").isFalse();
    assertThat(page.isDisabled(action(running, "retry"))).as("retry a running trial").isTrue();
    assertThat(page.isDisabled(action(done, "cancel"))).as("cancel a succeeded trial").isTrue();
    assertThat(page.isDisabled(action(done, "retry"))).as("retry a succeeded trial").isTrue();

    page.click(action(running, "cancel"));
    page.waitForTimeout(300);
    assertThat(dialogs).singleElement().asString().startsWith("Cancel trial " + running + "?");
    assertThat(posts).as("a dismissed confirmation sends nothing").isEmpty();

    accept.set(true);
    page.click(action(failed, "retry"));
    // No orchestrator answers in this test: the request goes out and the table says how it ended.
    page.waitForFunction("() => document.querySelector('#trial-action-result').textContent.startsWith('trial "
        + failed + ": retry')");
    assertThat(dialogs.get(1)).startsWith("Retry trial " + failed + " (failed)?");
    assertThat(posts).containsExactly("/api/trials/" + failed + "/retry");
    assertThat(tokens).containsExactly("Bearer it-token");
    page.click(action(running, "cancel"));
    page.waitForFunction("() => document.querySelector('#trial-action-result').textContent.startsWith('trial "
        + running + ": cancel')");
    assertThat(posts).endsWith("/api/trials/" + running + "/cancel");

    // The orchestrator's decision arrives as an event: the retried row may now be cancelled, not retried again.
    dash.send(Envelope.of(new TrialRetried("retry requested via API", 1), exp, failed, 0, 5, Instant.now()));
    dash.flush();
    page.waitForSelector(action(failed, "cancel") + ":not([disabled])");
    assertThat(page.isDisabled(action(failed, "retry"))).isTrue();
  }

  @Test
  void theExperimentsListShowsTagsAndFiltersByThem() {
    String suffix = Seed.id("t").substring(2);
    String a = Seed.id("tagged-a");
    String b = Seed.id("tagged-b");
    Seed.experiment(dash, a, "list " + a, 1);
    Seed.experiment(dash, b, "list " + b, 1);
    String common = "sweep-" + suffix;
    String onlyA = "Baseline-" + suffix;
    dash.send(Envelope.of(new ExperimentAnnotated(List.of(common, onlyA), ""), a, null, 0, 0, Instant.now()));
    dash.send(Envelope.of(new ExperimentAnnotated(List.of(common), ""), b, null, 0, 0, Instant.now()));
    dash.flush();
    Await.until(Duration.ofSeconds(30), "the dashboard to read the tags", () -> dash.verticle().state()
        .experimentRow(b).map(x -> x.tags().size() == 1).orElse(false));

    page.navigate(dash.url("/"));
    page.waitForSelector("tr[data-id='" + a + "'] .tag-cell .tag");
    assertThat(page.locator("tr[data-id='" + a + "'] .tag-cell .tag").allInnerTexts()).containsExactly(common, onlyA);

    page.fill("#tag-filter", common);
    page.waitForFunction("() => document.querySelectorAll('#experiments tbody tr').length === 2");
    assertThat(page.locator("#experiment-count").innerText()).matches("2 of \\d+ experiments");

    // A click on a tag adds it to the filter (whole tags, any case); the filter is in the page's address.
    page.locator("tr[data-id='" + a + "'] .tag-cell .tag", new Page.LocatorOptions().setHasText(onlyA)).click();
    page.waitForFunction("() => document.querySelectorAll('#experiments tbody tr').length === 1");
    assertThat(page.locator("#experiments tbody tr").getAttribute("data-id")).isEqualTo(a);
    assertThat(page.url()).contains("tag=" + common).contains("tag=" + onlyA.toLowerCase());

    page.navigate(dash.url("/?tag=" + onlyA.toUpperCase()));
    page.waitForFunction("() => document.querySelectorAll('#experiments tbody tr').length === 1");
    assertThat(page.inputValue("#tag-filter")).isEqualTo(onlyA.toUpperCase());
    page.fill("#tag-filter", "sweep");
    page.waitForSelector("#none-tagged:not([hidden])");
    assertThat(page.locator("#experiments tbody tr").count()).as("a part of a tag is not the tag").isZero();
  }

  @Test
  void aRetriedTrialsPageDropsTheOldAttemptsCurves() {
    String exp = Seed.id("fresh");
    String trial = Seed.experiment(dash, exp, "fresh " + exp, 1).get(0);
    for (int step = 1; step <= 20; step++) {
      dash.send(Envelope.of(Events.loss(step, 5.0 / step), exp, trial, 0, step, Instant.now()));
    }
    dash.send(Envelope.of(new ValidationEvent(10, "prune-encoder", 1.5, 0.2), exp, trial, 0, 5, Instant.now()));
    dash.send(Envelope.of(new TrialStopped(1, 20, "below the rung's median"), exp, trial, 0, 6, Instant.now()));
    dash.flush();
    Await.until(Duration.ofSeconds(30), "the dashboard to read the first attempt", () -> state(trial).equals("STOPPED")
        && dash.verticle().state().trialRow(trial).map(t -> Long.valueOf(20).equals(t.step())).orElse(false));
    page.navigate(dash.url("/trials/" + trial));
    page.waitForSelector("#chart-loss[data-rows='20']");
    page.waitForSelector("#chart-validation[data-rows='1']");

    dash.send(Envelope.of(new TrialRetried("retry requested via API", 1), exp, trial, 0, 7, Instant.now()));
    dash.flush();
    page.waitForSelector("#chart-loss[data-rows='0']");
    assertThat(page.getAttribute("#chart-validation", "data-rows")).isEqualTo("0");
    assertThat(page.locator("#timeline .lane").count()).as("the old attempt's stage lane").isZero();

    dash.send(Envelope.of(Events.loss(1, 4.0), exp, trial, 1, 1, Instant.now()));
    dash.flush();
    page.waitForSelector("#chart-loss[data-rows='1']");
  }

  /**
   * The page's confirmation dialogs (accepted once {@code accept} is set, dismissed before) and the POSTs it sends,
   * by path, with their Authorization header.
   */
  private record Confirmations(List<String> dialogs, List<String> posts, List<String> tokens, AtomicBoolean accept) {
    static Confirmations on(Page page) {
      Confirmations c = new Confirmations(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>(),
          new CopyOnWriteArrayList<>(), new AtomicBoolean(false));
      page.onDialog(d -> {
        c.dialogs.add(d.message());
        if (c.accept.get()) {
          d.accept();
        } else {
          d.dismiss();
        }
      });
      page.onRequest(r -> {
        if (r.method().equals("POST")) {
          c.posts.add(r.url().substring(r.url().indexOf("/api/")));
          c.tokens.add(r.headers().get("authorization"));
        }
      });
      return c;
    }
  }

  private static String action(String trialId, String action) {
    return "tr[data-id='" + trialId + "'] button.row-action[data-action='" + action + "']";
  }

  private static String state(String trialId) {
    return dash.verticle().state().trialRow(trialId).map(t -> t.state().name()).orElse("");
  }
}
