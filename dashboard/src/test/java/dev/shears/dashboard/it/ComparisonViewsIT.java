package dev.shears.dashboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import dev.shears.broker.KafkaBroker;
import dev.shears.broker.junit.Await;
import dev.shears.broker.junit.RealKafka;
import dev.shears.events.ConfidenceInterval;
import dev.shears.events.Envelope;
import dev.shears.events.EvaluationCompleted;
import dev.shears.events.ExperimentSubmitted;
import dev.shears.events.LagrangianEvent;
import dev.shears.events.LossEvent;
import dev.shears.events.MaskEvent;
import dev.shears.events.TrialCreated;
import dev.shears.events.TrialStarted;
import dev.shears.events.ValidationEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The experiment page's comparison views in a real headless Chromium, on one seeded sweep of six trials (decoder
 * layers 1, 2, 3 × seeds 1, 2): the overlay of the ticked trials' curves with a legend per trial, the parallel
 * coordinates whose brushed range filters the trials table, and the quality vs speed-up plot with error bars on
 * both axes, the report's Pareto front, a tooltip on hover and a click through to the trial.
 */
@RealKafka
class ComparisonViewsIT {
  private static final int TRIALS = 6;
  /** Quality (ROUGE-L) and speed-up of the four evaluated trials; trial 2 is dominated by trial 1. */
  private static final double[] QUALITY = {0.38, 0.34, 0.30, 0.26};
  private static final double[] SPEEDUP = {1.5, 2.2, 2.0, 3.0};
  private static BrowserDashboard session;
  private static LiveDashboard dash;
  private static String exp;
  private static List<String> ids;
  private final List<String> pageErrors = new java.util.concurrent.CopyOnWriteArrayList<>();
  private Page page;

  @BeforeAll
  static void start(KafkaBroker broker) {
    session = BrowserDashboard.start(broker);
    dash = session.dash();
    exp = Seed.id("compare");
    ids = sweep(exp);
  }

  @AfterAll
  static void stop() {
    if (session != null) {
      session.close();
    }
  }

  @BeforeEach
  void openPage() {
    // Generous: these tests share two cores with everything else the machine runs.
    page = session.newPage(1400, 1100, 30_000);
    page.onPageError(pageErrors::add);
    page.navigate(dash.url("/experiments/" + exp));
    page.waitForFunction("() => document.querySelector('#trial-count').textContent === '6 trials'");
  }

  @AfterEach
  void closePage() {
    page.context().close();
    assertThat(pageErrors).as("uncaught errors in the page").isEmpty();
  }

  private static List<String> sweep(String exp) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode spec = f.objectNode().put("method", "nash");
    spec.putObject("nash").put("selection", "uniform").put("encoderSparsity", 0.3)
        .putObject("decoderLayers").putArray("grid").add(1).add(2).add(3);
    spec.putObject("training").putObject("seed").putArray("list").add(1).add(2);
    Instant now = Instant.now();
    dash.send(Envelope.of(new ExperimentSubmitted("compare " + exp, null, spec, TRIALS, "it"), exp, null, 0, 0, now));
    List<String> trialIds = new ArrayList<>();
    for (int i = 0; i < TRIALS; i++) {
      String trialId = exp + "-t" + i;
      trialIds.add(trialId);
      ObjectNode trial = f.objectNode().put("method", "nash");
      trial.putObject("nash").put("selection", "uniform").put("encoderSparsity", 0.3).put("decoderLayers", i % 3 + 1);
      trial.putObject("training").put("seed", i / 3 + 1);
      dash.send(Envelope.of(new TrialCreated(i, trial, 1, 8, 0, 3), exp, trialId, 0, 1, now));
      dash.send(Envelope.of(new TrialStarted("worker-a"), exp, trialId, 0, 2, now));
      long seq = 10;
      for (int step = 10; step <= 200; step += 10) {
        double s = 0.3 * Math.min(1, step / 150.0);
        dash.send(Envelope.of(new LossEvent(step, "prune-encoder", 3 - 0.2 * i - step / 200.0, 1, 0.1, 0.1, 0,
            0.01, 3e-5), exp, trialId, 0, seq++, now));
        dash.send(Envelope.of(new LagrangianEvent(step, "prune-encoder", 0.001 * step * (i + 1), 0.0005 * step,
            s, 0.3), exp, trialId, 0, seq++, now));
        dash.send(Envelope.of(new MaskEvent(step, "prune-encoder", Collections.nCopies(2, Collections.nCopies(4, 1.0)),
            List.of(512.0, 512.0), s, 0.3, s), exp, trialId, 0, seq++, now));
      }
      // Trials 0 and 1 reported validation results at three rungs; the others ran without a search: section.
      for (int rung = 1; i < 2 && rung <= 3; rung++) {
        dash.send(Envelope.of(new ValidationEvent(50L * rung, "prune-encoder", 2.5 - 0.2 * rung - 0.1 * i, 0.2),
            exp, trialId, 0, 2 + rung, now));
      }
      if (i < QUALITY.length) {
        double diff = QUALITY[i] - 0.41;
        dash.send(Envelope.of(new EvaluationCompleted("sha-" + trialId, "file:/tmp/" + trialId,
            Map.of("rougeL", QUALITY[i]), Map.of("rougeL", 0.41), 20 / SPEEDUP[i], 20, SPEEDUP[i],
            (long) (60e6 / SPEEDUP[i]), 60_000_000, 0.3, null,
            Map.of("rougeL", new ConfidenceInterval(diff, diff - 0.02, diff + 0.02, 0.95)),
            new ConfidenceInterval(SPEEDUP[i], SPEEDUP[i] - 0.2, SPEEDUP[i] + 0.2, 0.95)), exp, trialId, 0, seq, now));
      }
    }
    dash.flush();
    Await.until(Duration.ofSeconds(20), "all trials, telemetry and evaluations to arrive",
        () -> dash.verticle().state().trialsOf(exp).map(rows -> rows.size() == TRIALS
            && rows.stream().filter(r -> r.speedup() != null).count() == QUALITY.length
            && rows.stream().allMatch(r -> Long.valueOf(200).equals(r.step()))).orElse(false)
            && dash.verticle().state().history(trialIds.get(1)).orElseThrow().slice("validation", 0, 1e9, 10,
                dev.shears.dashboard.history.Downsampling.NONE).size() == 3);
    return trialIds;
  }

  private void pick(int i) {
    page.click("#trials tr[data-id='" + ids.get(i) + "'] input.pick");
    page.waitForSelector("#trials tr[data-id='" + ids.get(i) + "'] input.pick:checked");
  }

  @Test
  void tickedTrialsOverlayTheirCurvesOnSharedAxesWithALegendPerTrial() {
    pick(0);
    pick(1);
    pick(4);
    page.waitForSelector("#overlay-loss[data-trials='3']");
    page.waitForSelector("#overlay-lambda[data-trials='3']");
    page.waitForSelector("#overlay-sparsity[data-trials='3']");
    // Only trials 0 and 1 have validation results.
    page.waitForSelector("#overlay-validation[data-trials='2']");

    List<String> legend = page.locator("#overlay-legend .legend-item").all().stream()
        .map(l -> l.getAttribute("data-trial")).toList();
    assertThat(legend).containsExactly(ids.get(0), ids.get(1), ids.get(4));
    // One chart per quantity, one series per trial (λ1 and λ2, ŝ and t: two per trial), each labelled by its trial.
    assertThat(page.locator("#overlay-loss .uplot").count()).isEqualTo(1);
    assertThat(page.locator("#overlay-loss .u-legend .u-series").count()).isEqualTo(1 + 3);
    assertThat(page.locator("#overlay-lambda .u-legend .u-series").count()).isEqualTo(1 + 6);
    String lambdas = page.locator("#overlay-lambda .u-legend").innerText();
    assertThat(lambdas).contains("#0 NASH-1@0.3 seed=1 λ1").contains("#4 NASH-2@0.3 seed=2 λ2");
    assertThat(page.locator("#overlay-validation .u-legend").innerText()).contains("#1 NASH-2@0.3 seed=1")
        .doesNotContain("#4");
    // Each trial has one colour, in the legend, the table and every chart.
    String swatch = page.locator("#overlay-legend .legend-item[data-trial='" + ids.get(1) + "'] .swatch")
        .evaluate("e => getComputedStyle(e).backgroundColor").toString();
    assertThat(page.locator("#trials tr[data-id='" + ids.get(1) + "'] .swatch")
        .evaluate("e => getComputedStyle(e).backgroundColor")).isEqualTo(swatch);
    assertThat(page.locator("#parallel path.pc-line.picked[data-trial='" + ids.get(1) + "']")
        .evaluate("e => getComputedStyle(e).stroke")).isEqualTo(swatch);

    page.screenshot(new Page.ScreenshotOptions().setPath(java.nio.file.Path.of("target", "screenshots",
        "comparison-views.png")).setFullPage(true));

    // Removing a trial from the legend unticks it and takes its curves away.
    page.click("#overlay-legend .legend-item[data-trial='" + ids.get(0) + "'] button.unpick");
    page.waitForSelector("#overlay-loss[data-trials='2']");
    page.waitForSelector("#overlay-validation[data-trials='1']");
    assertThat(page.locator("#trials tr[data-id='" + ids.get(0) + "'] input.pick").isChecked()).isFalse();
    assertThat(page.locator("#overlay-loss .u-legend").innerText()).doesNotContain("#0 ");
  }

  @Test
  void brushingAParallelAxisFiltersTheTrialsTable() {
    List<String> axes = page.locator("#parallel .pc-axis").all().stream().map(a -> a.getAttribute("data-key")).toList();
    assertThat(axes).containsExactly("swept:nash.decoderLayers", "swept:training.seed", "retained", "speedup",
        "sparsity", "params");
    assertThat(page.locator("#parallel path.pc-line").count()).isEqualTo(TRIALS);

    // Mouse coordinates are the viewport's: bring the view in before measuring it.
    page.locator("#parallel").scrollIntoViewIfNeeded();
    // Decoder layers run from 1 (bottom) to 3 (top): a drag over the lowest part keeps the two 1-layer trials.
    BoundingBox axis = page.locator("#parallel .pc-axis[data-key='swept:nash.decoderLayers'] line").boundingBox();
    double x = axis.x + axis.width / 2;
    double bottom = axis.y + axis.height;
    page.mouse().move(x, bottom + 4);
    page.mouse().down();
    page.mouse().move(x, bottom - 10, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(4));
    page.mouse().move(x, bottom - 30, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(4));
    page.mouse().up();
    page.waitForFunction("() => document.querySelectorAll('#trials tbody tr').length === 2");
    assertThat(page.locator("#trials tbody td[data-key='trial']").allInnerTexts())
        .containsExactly(ids.get(0), ids.get(3));
    assertThat(page.locator("#trial-count").innerText()).isEqualTo("2 of 6 trials match");
    assertThat(page.locator("#parallel path.pc-line.out").count()).isEqualTo(4);
    assertThat(page.locator("#parallel-note").innerText()).startsWith("2 of 6 trials inside the brushed ranges");

    // A second range must hold as well: speed-ups run from 1.5× to 3×, and of trial 0 (1.5×) and trial 3 (3×) only
    // trial 0 lies in the lower half.
    BoundingBox speed = page.locator("#parallel .pc-axis[data-key='speedup'] line").boundingBox();
    double sx = speed.x + speed.width / 2;
    page.mouse().move(sx, speed.y + speed.height + 4);
    page.mouse().down();
    page.mouse().move(sx, speed.y + speed.height / 2 + 5, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(6));
    page.mouse().up();
    page.waitForFunction("() => document.querySelectorAll('#trials tbody tr').length === 1");
    assertThat(page.locator("#trials tbody td[data-key='trial']").allInnerTexts()).containsExactly(ids.get(0));

    // The text filter applies on top of the brushes; "Clear ranges" brings every trial back.
    page.fill("#trial-filter", "seed=2");
    page.waitForFunction("() => document.querySelectorAll('#trials tbody tr').length === 0");
    page.fill("#trial-filter", "");
    page.click("#parallel-clear");
    page.waitForFunction("() => document.querySelectorAll('#trials tbody tr').length === 6");
    assertThat(page.locator("#parallel path.pc-line.out").count()).isEqualTo(0);
    assertThat(page.locator("#trial-count").innerText()).isEqualTo("6 trials");
  }

  @Test
  void qualityVersusSpeedupHasErrorBarsOnBothAxesTheReportsParetoFrontAHoverAndAClickThrough() throws Exception {
    page.locator("#scatter .point[data-trial='" + ids.get(3) + "']").waitFor();
    JsonNode report = new ObjectMapper().readTree(HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(dash.url("/api/experiments/" + exp + "/report"))).build(),
        HttpResponse.BodyHandlers.ofString()).body());
    Set<String> reportFront = new TreeSet<>();
    report.get("rows").forEach(r -> {
      if (r.get("paretoOptimal").asBoolean() && r.hasNonNull("trialId")) {
        reportFront.add(r.get("trialId").asText());
      }
    });
    assertThat(reportFront).contains(ids.get(0), ids.get(1), ids.get(3)).doesNotContain(ids.get(2));
    Set<String> drawnFront = new TreeSet<>(page.locator("#scatter .point.pareto").all().stream()
        .map(p -> p.getAttribute("data-trial")).toList());
    assertThat(drawnFront).isEqualTo(reportFront);
    assertThat(page.locator("#scatter .point:not(.teacher)").count()).isEqualTo(QUALITY.length);

    // Every trial's intervals are ±0.2 in speed-up and ±0.02 in quality: bars of equal length, centred on the point.
    List<Double> xBars = new ArrayList<>();
    List<Double> yBars = new ArrayList<>();
    for (int i = 0; i < QUALITY.length; i++) {
      Locator point = page.locator("#scatter .point[data-trial='" + ids.get(i) + "']");
      double cx = attr(point.locator("circle"), "cx");
      double cy = attr(point.locator("circle"), "cy");
      Locator bx = point.locator(".ci-x line").first();
      Locator by = point.locator(".ci-y line").first();
      assertThat(attr(bx, "x1")).isLessThan(cx);
      assertThat(attr(bx, "x2")).isGreaterThan(cx);
      assertThat(cx - attr(bx, "x1")).isCloseTo(attr(bx, "x2") - cx, org.assertj.core.data.Offset.offset(0.5));
      assertThat(attr(by, "y1")).isGreaterThan(cy);
      assertThat(attr(by, "y2")).isLessThan(cy);
      xBars.add(attr(bx, "x2") - attr(bx, "x1"));
      yBars.add(attr(by, "y1") - attr(by, "y2"));
    }
    assertThat(xBars).allSatisfy(w -> assertThat(w).isCloseTo(xBars.get(0), org.assertj.core.data.Offset.offset(0.5))
        .isGreaterThan(10.0));
    assertThat(yBars).allSatisfy(h -> assertThat(h).isCloseTo(yBars.get(0), org.assertj.core.data.Offset.offset(0.5))
        .isGreaterThan(10.0));
    // The teacher has no interval of its own.
    assertThat(page.locator("#scatter .point.teacher .ci").count()).isEqualTo(0);

    page.hover("#scatter .point[data-trial='" + ids.get(1) + "'] circle");
    page.waitForSelector(".plot-tip:not([hidden])");
    assertThat(page.locator(".plot-tip").innerText()).contains("trial " + ids.get(1))
        .contains("ROUGE-L 34.00 [32.00, 36.00]").contains("speed-up 2.20× [2.00, 2.40]")
        .contains("retained 82.9%").contains("on the Pareto front");
    page.hover("#scatter .point[data-trial='" + ids.get(2) + "'] circle");
    page.waitForFunction("() => document.querySelector('.plot-tip').innerText.includes('" + ids.get(2) + "')");
    assertThat(page.locator(".plot-tip").innerText()).doesNotContain("Pareto");

    page.click("#scatter .point[data-trial='" + ids.get(3) + "'] circle");
    page.waitForURL("**/trials/" + ids.get(3));
    page.waitForFunction("() => document.querySelector('#title').textContent === 'Trial " + ids.get(3) + "'");
  }

  private static double attr(Locator l, String name) {
    return Double.parseDouble(l.getAttribute(name));
  }
}
