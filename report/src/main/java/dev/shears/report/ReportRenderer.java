package dev.shears.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.shears.events.ConfidenceInterval;
import dev.shears.report.stats.MeanSd;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link Table1Report} as Markdown, CSV or JSON. Markdown shows metrics ×100 with two decimals as the
 * paper does, intervals in brackets; CSV and JSON keep fractions. Stateless.
 */
public final class ReportRenderer {

  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The report in {@code format}. */
  public String render(Table1Report report, ReportFormat format) {
    return switch (format) {
      case MD -> markdown(report);
      case CSV -> csv(report);
      case JSON -> toJson(report);
    };
  }

  private String markdown(Table1Report r) {
    StringBuilder b = new StringBuilder();
    b.append("## ").append(escapeMarkdown(r.title())).append("\n\n");
    if (r.rows().isEmpty()) {
      return b.append("No evaluations yet.\n").toString();
    }
    String primary = Metrics.displayName(r.primaryMetric());
    List<String> header = new ArrayList<>(List.of("Model"));
    r.metricNames().forEach(m -> header.add(Metrics.displayName(m)));
    header.addAll(List.of(primary + " retained [95% CI]", "Δ" + primary + " vs teacher [95% CI]",
        "Speedup [95% CI]", "Timing rounds", "Latency (ms/batch)", "Params (of teacher)", "Enc. sparsity",
        "Model sparsity", "Pareto", "Claim"));
    table(b, header);
    for (ReportRow row : r.rows()) {
      List<String> cells = new ArrayList<>();
      cells.add(escapeMarkdown(row.label()));
      for (String m : r.metricNames()) {
        Double v = row.metrics().get(m);
        cells.add(v == null ? "–" : fmt("%.2f", 100 * v));
      }
      cells.add(fmt("%.1f%%", row.retainedPercent()) + interval(row.retainedInterval(), 1, "%.1f"));
      cells.add(row.teacher() ? "" : row.difference() == null ? "–"
          : fmt("%+.2f", 100 * row.difference().mean()) + interval(row.difference(), 100, "%+.2f"));
      cells.add(fmt("%.2f×", row.speedup()) + interval(row.speedupInterval(), 1, "%.2f"));
      int rounds = row.measurement().timingRounds();
      cells.add(row.teacher() ? "" : rounds > 0 ? Integer.toString(rounds) : "–");
      cells.add(fmt("%.1f", row.latencyMs()));
      cells.add(params(row.params())
          + (Double.isNaN(row.paramsPercent()) ? "" : fmt(" (%.1f%%)", row.paramsPercent())));
      cells.add(percent(row.encoderSparsity()) + missedMark(row, "encoder"));
      cells.add(percent(row.modelSparsity()) + missedMark(row, "model"));
      cells.add(row.paretoOptimal() ? "★" : "");
      cells.add(row.claim() == null ? "" : row.claim().label());
      b.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }
    b.append("\nPareto front (").append(primary).append(" vs speed-up): ")
        .append(String.join(" → ", r.paretoFront().stream().map(ReportRenderer::escapeMarkdown).toList()))
        .append('\n');
    againstControl(b, r, primary);
    if (r.hasSeeds()) {
      b.append("\n### Across seeds (mean ± sd)\n\n");
      table(b, List.of("Arm", "Seeds", primary, primary + " retained", "Speedup", "Enc. sparsity", "Model sparsity",
          "Missed target", "Claim (every seed)"));
      for (ArmSummary a : r.arms()) {
        String arm = escapeMarkdown(a.arm()) + (a.missedTargets() > 0 ? " ⚠" : "");
        b.append("| ").append(String.join(" | ", List.of(arm, Integer.toString(a.seeds()),
            meanSd(a.quality(), 100, "%.2f"), meanSd(a.retainedPercent(), 1, "%.1f") + "%",
            meanSd(a.speedup(), 1, "%.2f") + "×", meanSd(a.encoderSparsity(), 100, "%.1f") + "%",
            Double.isNaN(a.modelSparsity().mean()) ? "–" : meanSd(a.modelSparsity(), 100, "%.1f") + "%",
            a.missedTargets() == 0 ? "" : a.missedTargets() + " of " + a.seeds(),
            a.claim() == null ? "" : a.claim().label())))
            .append(" |\n");
      }
    }
    b.append('\n').append(measured(r, primary));
    b.append("Claim: ").append(r.claim()).append(", judged on the 95% intervals: met only when the whole "
            + "interval clears the threshold, not met when it lies wholly short, inconclusive otherwise.\n")
        .append("Intervals: the quality difference to the teacher by paired bootstrap over the evaluation examples "
            + "(1000 resamples, the same examples for both models), and the retained interval is that difference's "
            + "interval as a percentage of the teacher's score; the speed-up by bootstrap over the interleaved "
            + "timing rounds. – where the evaluation carried no interval.\n")
        .append("Speed-up is whole-generate latency (same batch, beam search, every decoding step), teacher and "
            + "model alternated after warm-up, median of the runs (the teacher row's latency is from the first "
            + "evaluation's rounds); the rounds go on until the speed-up's interval "
            + "is within eval.speedupPrecision of it (default ±5%) or eval.maxTimingRounds (default 60) is reached; "
            + "Timing rounds says how many ran.\n");
    b.append("Sparsity: the share of the teacher's prunable weights removed (attention and feed-forward matrices; "
        + "embeddings, norms and the relative-attention bias excluded), of the encoder (Enc., what NASH's target "
        + "counts) or of encoder and decoder together (Model, what CoFi's whole-model target counts); Params counts "
        + "every weight, with its share of the teacher's.\n");
    if (r.rows().stream().anyMatch(ReportRow::missedTarget)) {
      b.append("⚠ Exports that missed their sparsity target (of the encoder, or of the whole model for targets "
          + "that count it) by more than 2 points are labelled with the sparsity they reached.\n");
    }
    return b.toString();
  }

  /** Retention against the control, when the experiment ran one: what equal training would have kept. */
  private static void againstControl(StringBuilder b, Table1Report r, String primary) {
    double control = r.controlQuality();
    if (Double.isNaN(control)) {
      return;
    }
    long controls = r.rows().stream().filter(ReportRow::control).count();
    b.append("\n### Against equal training\n\n").append(fmt("The control (the unpruned teacher trained for the "
        + "students' schedule beyond it) reached %s %.2f%s. Each model's %s as a percentage of it: a point estimate, "
        + "since each model was compared with the teacher on the same examples, not with the control.%n%n", primary,
        100 * control, controls > 1 ? fmt(" (mean of %d runs)", controls) : "", primary));
    table(b, List.of("Model", primary, "Retained vs control", "Retained vs teacher"));
    for (ReportRow row : r.rows()) {
      if (!row.teacher() && !row.control()) {
        b.append("| ").append(String.join(" | ", List.of(escapeMarkdown(row.label()), fmt("%.2f", 100 * row.quality()),
            fmt("%.1f%%", Retention.percent(row.quality(), control)), fmt("%.1f%%", row.retainedPercent()))))
            .append(" |\n");
      }
    }
  }

  /** What the quality figures are, and on how many examples with which decoding they were measured. */
  private static String measured(Table1Report r, String primary) {
    List<String> setups = r.rows().stream().filter(row -> !row.teacher()).map(ReportRow::measurement)
        .filter(m -> m.examples() > 0).map(m -> fmt("%,d test examples", m.examples()) + (m.beams() > 0
            ? fmt(", beam %d, at most %d new tokens; timed batch of %d", m.beams(), m.newTokens(), m.batchSize())
            : "")).distinct().toList();
    String on = setups.size() == 1 ? " Every model on the same " + setups.get(0) + "."
        : setups.isEmpty() ? "" : " Per model: " + String.join(" / ", setups) + ".";
    boolean sameLsum = r.metricNames().containsAll(List.of("rougeL", "rougeLsum")) && r.rows().stream()
        .allMatch(row -> java.util.Objects.equals(row.metrics().get("rougeL"), row.metrics().get("rougeLsum")));
    return fmt("Quality: %s and the other metrics are F1 × 100, as the paper prints them; report.csv and report.json "
        + "keep them as fractions in [0, 1].%s%s%n", primary, on, sameLsum ? " ROUGE-Lsum equals ROUGE-L on every "
        + "row: it splits texts at newlines, and no prediction or reference here has more than one line." : "");
  }

  private static String percent(double fraction) {
    return Double.isNaN(fraction) ? "–" : fmt("%.1f%%", 100 * fraction);
  }

  /** The flag of a row that missed a target of {@code scope}, in that scope's column. */
  private static String missedMark(ReportRow row, String scope) {
    return row.missedTarget() && scope.equals(row.targetScope()) ? fmt(" ⚠ target %.1f%%", 100 * row.targetSparsity())
        : "";
  }

  private static void table(StringBuilder b, List<String> header) {
    b.append("| ").append(String.join(" | ", header)).append(" |\n");
    b.append("|").append("---|".repeat(header.size())).append("\n");
  }

  private String csv(Table1Report r) {
    StringBuilder b = new StringBuilder();
    List<String> header = new ArrayList<>(List.of("model", "trial_id", "arm", "teacher"));
    header.addAll(r.metricNames());
    header.addAll(List.of("retained_percent", "retained_low", "retained_high", "difference", "difference_low",
        "difference_high", "speedup", "speedup_low", "speedup_high", "latency_ms", "params", "params_percent",
        "encoder_sparsity", "model_sparsity", "target_sparsity", "target_scope", "achieved_sparsity", "missed_target",
        "pareto", "claim", "examples", "batch_size", "beams", "new_tokens", "timing_rounds"));
    b.append(String.join(",", header)).append('\n');
    for (ReportRow row : r.rows()) {
      List<String> cells = new ArrayList<>();
      cells.add(csvCell(row.label()));
      cells.add(row.trialId() == null ? "" : csvCell(row.trialId()));
      cells.add(row.arm() == null ? "" : csvCell(row.arm()));
      cells.add(Boolean.toString(row.teacher()));
      for (String m : r.metricNames()) {
        Double v = row.metrics().get(m);
        cells.add(v == null ? "" : Double.toString(v));
      }
      cells.add(Double.toString(row.retainedPercent()));
      bounds(cells, row.retainedInterval());
      cells.add(row.difference() == null ? "" : Double.toString(row.difference().mean()));
      bounds(cells, row.difference());
      cells.add(Double.toString(row.speedup()));
      bounds(cells, row.speedupInterval());
      cells.add(Double.toString(row.latencyMs()));
      cells.add(Long.toString(row.params()));
      cells.add(Double.isNaN(row.paramsPercent()) ? "" : Double.toString(row.paramsPercent()));
      cells.add(Double.toString(row.encoderSparsity()));
      cells.add(Double.isNaN(row.modelSparsity()) ? "" : Double.toString(row.modelSparsity()));
      cells.add(row.targetSparsity() == null ? "" : Double.toString(row.targetSparsity()));
      cells.add(row.targetScope() == null ? "" : row.targetScope());
      cells.add(Double.isNaN(row.achievedSparsity()) ? "" : Double.toString(row.achievedSparsity()));
      cells.add(Boolean.toString(row.missedTarget()));
      cells.add(Boolean.toString(row.paretoOptimal()));
      cells.add(row.claim() == null ? "" : row.claim().label());
      Measurement m = row.measurement();
      for (int v : new int[] {m.examples(), m.batchSize(), m.beams(), m.newTokens(), m.timingRounds()}) {
        cells.add(v > 0 ? Integer.toString(v) : "");
      }
      b.append(String.join(",", cells)).append('\n');
    }
    return b.toString();
  }

  private static void bounds(List<String> cells, ConfidenceInterval ci) {
    cells.add(ci == null ? "" : Double.toString(ci.low()));
    cells.add(ci == null ? "" : Double.toString(ci.high()));
  }

  private String toJson(Table1Report r) {
    try {
      return json.writeValueAsString(r) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("Cannot write report " + r.title() + " as JSON", e);
    }
  }

  private static String interval(ConfidenceInterval ci, double scale, String pattern) {
    return ci == null ? "" : " [" + fmt(pattern, scale * ci.low()) + ", " + fmt(pattern, scale * ci.high()) + "]";
  }

  private static String meanSd(MeanSd v, double scale, String pattern) {
    return fmt(pattern, scale * v.mean()) + (Double.isNaN(v.sd()) ? "" : " ± " + fmt(pattern, scale * v.sd()));
  }

  /** A parameter count as the paper prints it: 60.5M, 812.3K. */
  public static String params(long n) {
    return n >= 1_000_000 ? fmt("%.1fM", n / 1e6) : n >= 1_000 ? fmt("%.1fK", n / 1e3) : Long.toString(n);
  }

  private static String fmt(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }

  private static String escapeMarkdown(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }

  private static String csvCell(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}
