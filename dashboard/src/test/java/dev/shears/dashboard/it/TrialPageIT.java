package dev.shears.dashboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import dev.shears.broker.KafkaBroker;
import dev.shears.broker.junit.RealKafka;
import dev.shears.events.CheckpointKind;
import dev.shears.events.CheckpointWritten;
import dev.shears.events.ConfidenceInterval;
import dev.shears.events.Envelope;
import dev.shears.events.EvaluationCompleted;
import dev.shears.events.LagrangianEvent;
import dev.shears.events.LossEvent;
import dev.shears.events.MaskEvent;
import dev.shears.events.StageCompleted;
import dev.shears.events.StageStarted;
import dev.shears.events.ValidationEvent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The trial page's display defects, checked in a real headless Chromium: legends keep their case, the export stage
 * stays inside its lane with its label readable, parameter counts are formatted, checkpoint URIs wrap and copy, and
 * a model whose sparsity is all in FFN dimensions shows it in the FFN mask beside the head heatmap.
 */
@RealKafka
class TrialPageIT {
  private static final String LONG_URI = "file:///home/researcher/projects/shears/.shears/checkpoints/"
      + "nash-tiny-summarize-0123456789abcdef/trial-0003/attempt-1/export/step-000601/model-directory";
  private static BrowserDashboard session;
  private static LiveDashboard dash;

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

  @Test
  void trialPageShowsWhatTheEventsSay() {
    String exp = Seed.id("page");
    String trial = Seed.experiment(dash, exp, "page " + exp, 1).get(0);
    Instant now = Instant.now();
    long seq = 10;
    int layers = 4;
    int heads = 6;
    // Every head stays on; the sparsity is all in the FFN dimensions.
    List<List<Double>> allOn = Collections.nCopies(layers, Collections.nCopies(heads, 1.0));
    for (int step = 10; step <= 500; step += 10) {
      double fraction = 1 - 0.3 * step / 500.0;
      List<Double> ffn = new ArrayList<>();
      for (int l = 0; l < layers; l++) {
        ffn.add(Math.rint(1024 * fraction));
      }
      dash.send(Envelope.of(new LossEvent(step, "prune-encoder", 2.0, 1.5, 0.1, 0.1, 0, 0.01, 3e-5), exp, trial, 0,
          seq++, now));
      dash.send(Envelope.of(new LagrangianEvent(step, "prune-encoder", 0.01 * step, 0.002 * step,
          0.3 * step / 500.0, 0.3), exp, trial, 0, seq++, now));
      dash.send(Envelope.of(new MaskEvent(step, "prune-encoder", allOn, ffn, 0.3 * step / 500.0, 0.3, 0.2), exp,
          trial, 0, seq++, now));
    }
    dash.send(Envelope.of(new StageCompleted("prune-encoder", 500, Map.of()), exp, trial, 0, seq++, now));
    dash.send(Envelope.of(new StageStarted("finetune-pruned", 500), exp, trial, 0, seq++, now));
    dash.send(Envelope.of(new StageCompleted("finetune-pruned", 600, Map.of()), exp, trial, 0, seq++, now));
    dash.send(Envelope.of(new StageStarted("export", 600), exp, trial, 0, seq++, now));
    dash.send(Envelope.of(new StageCompleted("export", 601, Map.of()), exp, trial, 0, seq++, now));
    dash.send(Envelope.of(new CheckpointWritten("export", 601, CheckpointKind.EXPORT, LONG_URI, "sha-long", 4_567_890,
        null), exp, trial, 0, seq++, now));
    dash.send(Envelope.of(new EvaluationCompleted("sha-long", LONG_URI, Map.of("rougeL", 0.39), Map.of("rougeL", 0.41),
        10, 30, 3.0, 1_120_128, 4_400_000, 0.3, null,
        Map.of("rougeL", new ConfidenceInterval(-0.02, -0.03, -0.01, 0.95)),
        new ConfidenceInterval(3.0, 2.9, 3.1, 0.95)), exp, trial, 0, seq, now));
    dash.flush();

    try (BrowserContext context = session.browser().chromium().newContext(
        new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(1280, 1000))) {
      context.grantPermissions(List.of("clipboard-read", "clipboard-write"));
      Page page = context.newPage();
      page.setDefaultTimeout(30_000);
      page.navigate(dash.url("/trials/" + trial));
      page.waitForSelector("#chart-lagrangian[data-last-step='500']");
      page.locator("#evaluation table").waitFor();

      // Legends keep their case: λ1, not Λ1; ŝ, not Ŝ.
      assertThat(page.locator("#chart-lagrangian .u-legend").innerText()).contains("λ1").doesNotContain("Λ1");
      assertThat(page.locator("#chart-sparsity .u-legend").innerText()).contains("expected ŝ")
          .doesNotContain("EXPECTED");

      // Every stage bar lies inside its lane, and every label is whole: inside its bar or beside it in the lane.
      page.locator("#timeline .bar[data-stage='export']").waitFor();
      for (Locator lane : page.locator("#timeline .lane").all()) {
        BoundingBox laneBox = lane.boundingBox();
        for (Locator bar : lane.locator(".bar").all()) {
          BoundingBox b = bar.boundingBox();
          assertThat(b.x + b.width).isLessThanOrEqualTo(laneBox.x + laneBox.width + 0.5);
          assertThat(b.x).isGreaterThanOrEqualTo(laneBox.x - 0.5);
        }
        for (Locator label : lane.locator(".bar-label").all()) {
          BoundingBox l = label.boundingBox();
          assertThat(l.x).isGreaterThanOrEqualTo(laneBox.x - 0.5);
          assertThat(l.x + l.width).as(label.innerText()).isLessThanOrEqualTo(laneBox.x + laneBox.width + 0.5);
          // Inside a bar, the label's box lies within the bar's (the bar clips what overflows).
          assertThat((Boolean) label.evaluate("e => { if (e.classList.contains('outside')) return true; "
              + "const l = e.getBoundingClientRect(), b = e.parentElement.getBoundingClientRect(); "
              + "return l.left >= b.left - 0.5 && l.right <= b.right + 0.5; }")).as(label.innerText()).isTrue();
        }
      }
      assertThat(page.locator("#timeline").innerText()).contains("export");

      // Parameter counts as people read them.
      assertThat(page.locator("#evaluation").innerText()).contains("1.12M").contains("4.40M").doesNotContain("1120128")
          .contains("2.90–3.10");
      // Metrics × 100, as the report prints them: ROUGE-L 0.39 of the teacher's 0.41.
      assertThat(page.locator("#evaluation").innerText()).contains("rougeL (×100)").contains("39.00").contains("41.00")
          .doesNotContain("0.3900");

      // The whole checkpoint URI is on the page (wrapped, not cut at the panel edge) and copies.
      Locator uri = page.locator("#checkpoints td.uri").first();
      BoundingBox cell = uri.boundingBox();
      BoundingBox panel = page.locator("#checkpoints").locator("xpath=ancestor::div[contains(@class,'panel')]")
          .boundingBox();
      assertThat(cell.x + cell.width).isLessThanOrEqualTo(panel.x + panel.width + 0.5);
      assertThat(uri.locator(".uri-text").innerText().replaceAll("\\s", "")).isEqualTo(LONG_URI);
      uri.locator("button.copy").click();
      page.waitForFunction("() => document.querySelector('#checkpoints button.copy').textContent !== 'copy'");
      String copied = (String) page.evaluate("() => navigator.clipboard.readText()");
      assertThat(copied).isEqualTo(LONG_URI);

      // No head is off, and the page says where the sparsity went instead.
      assertThat(page.locator("#heatmap-legend").innerText()).contains("0 of 24 heads below 0.5");
      assertThat(page.locator("#ffn-legend").innerText()).contains("kept FFN dims now: 717 / 717 / 717 / 717")
          .contains("70.4% of the first mask event's");
      page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "screenshots", "trial-page.png"))
          .setFullPage(true));
    }
  }

  @Test
  void validationCurvesAndTheKeptStructurePerLayer() {
    String exp = Seed.id("kept");
    List<String> trials = Seed.experiment(dash, exp, "kept " + exp, 2);
    String exported = trials.get(0);
    String running = trials.get(1);
    Instant now = Instant.now();
    long seq = 10;
    // Two encoder layers of four heads: layer 0 loses heads 1 and 3 on the way, layer 1 keeps all.
    for (int step = 10; step <= 100; step += 10) {
      double off = step >= 60 ? 0.1 : 0.9;
      List<List<Double>> z = List.of(List.of(1.0, off, 1.0, off), List.of(1.0, 1.0, 1.0, 1.0));
      for (String t : trials) {
        dash.send(Envelope.of(new MaskEvent(step, "prune-encoder", z, List.of(400.0 - step, 300.0), 0.003 * step, 0.3,
            null), exp, t, 0, seq, now));
      }
      seq++;
    }
    for (int rung = 1; rung <= 3; rung++) {
      dash.send(Envelope.of(new ValidationEvent(40L * rung, "prune-encoder", new double[] {2.4, 2.1, 2.2}[rung - 1],
          0.1 * rung), exp, exported, 0, 3 + rung, now));
    }
    Map<String, Double> kept = new java.util.LinkedHashMap<>(Map.of("teacher.layers", 2.0,
        "teacher.decoderLayers", 4.0, "teacher.heads", 4.0, "teacher.ffnDims", 512.0));
    kept.putAll(Map.of("kept.encoder.0.heads", 2.0, "kept.encoder.0.ffnDims", 300.0, "kept.encoder.1.heads", 4.0,
        "kept.encoder.1.ffnDims", 300.0));
    kept.putAll(Map.of("kept.decoder.0.layer", 0.0, "kept.decoder.0.selfHeads", 4.0, "kept.decoder.0.crossHeads", 4.0,
        "kept.decoder.0.ffnDims", 512.0, "kept.decoder.1.layer", 3.0, "kept.decoder.1.selfHeads", 4.0,
        "kept.decoder.1.crossHeads", 3.0, "kept.decoder.1.ffnDims", 512.0));
    // The teacher's own fine-tuning curve counts teacher steps: it gets its own chart, not points among the rungs.
    dash.send(Envelope.of(new ValidationEvent(400, "finetune-teacher", 1.1, 0.45), exp, exported, 0, 9, now));
    dash.send(Envelope.of(new StageStarted("export", 100), exp, exported, 0, 7, now));
    dash.send(Envelope.of(new StageCompleted("export", 100, kept), exp, exported, 0, 8, now));
    dash.flush();

    try (BrowserContext context = session.browser().chromium().newContext(
        new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(1280, 1000))) {
      Page page = context.newPage();
      page.setDefaultTimeout(30_000);
      page.navigate(dash.url("/trials/" + exported));
      page.waitForSelector("#chart-validation[data-rows='3'][data-last-step='120']");
      assertThat(page.locator("#chart-validation .u-legend").innerText()).contains("validation loss").contains("ROUGE-L");
      page.waitForSelector("#chart-teacherValidation[data-rows='1'][data-last-step='400']");
      assertThat(page.locator("#teacher-validation").isVisible()).isTrue();
      assertThat(page.locator("#validation-legend").innerText())
          .isEqualTo("3 validation results · best loss 2.1000 at student step 80 · newest 2.2000 at 120");
      page.waitForFunction("() => document.querySelector('#kept-summary') !== null");
      assertThat(page.locator("#kept-summary").innerText()).isEqualTo("Exported model: encoder 6 of 8 heads kept; decoder 2"
          + " of 4 layers kept (teacher layers 0, 3, 0-based).");
      assertThat(page.locator("#kept tr[data-layer='0']").innerText()).contains("2 / 4").contains("300 / 512");
      assertThat(page.locator("#kept tr[data-block='1']").innerText()).contains("teacher layer 3").contains("3 / 4");
      // The FFN mask is drawn beside the head heatmap, in the same row of panels.
      BoundingBox heads = page.locator("#heatmap").boundingBox();
      BoundingBox ffn = page.locator("#ffn-heatmap").boundingBox();
      assertThat(Math.abs(heads.y - ffn.y)).isLessThan(80.0);
      assertThat(ffn.x).isGreaterThan(heads.x + heads.width);

      // Before its export a trial shows what its newest mask event expects, and says so.
      page.navigate(dash.url("/trials/" + running));
      page.waitForFunction("() => document.querySelector('#kept-summary') !== null");
      assertThat(page.locator("#kept-summary").innerText()).startsWith("Expected so far, from the mask event at step 100");
      assertThat(page.locator("#kept tr[data-layer='0']").innerText()).contains("2 / 4").contains("300");
      assertThat(page.locator("#kept tr[data-layer='1']").innerText()).contains("4 / 4");
      assertThat(page.locator("#validation-legend").innerText()).startsWith("Validation results come from the rungs");
      assertThat(page.locator("#teacher-validation").isVisible()).isFalse();
    }
  }
}
