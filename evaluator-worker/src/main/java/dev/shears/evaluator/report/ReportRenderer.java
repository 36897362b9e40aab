package dev.shears.evaluator.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link Table1Report} as Markdown, CSV or JSON. Markdown shows metrics ×100 with two
 * decimals as the paper does; CSV and JSON keep fractions. Stateless.
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
    b.append("## ").append(r.title()).append("\n\n");
    if (r.rows().isEmpty()) {
      return b.append("No evaluations yet.\n").toString();
    }
    List<String> header = new ArrayList<>(List.of("Model"));
    r.metricNames().forEach(m -> header.add(displayName(m)));
    header.addAll(List.of(displayName(r.primaryMetric()) + " retained", "Speedup", "Latency (ms/batch)",
        "Params", "Enc. sparsity", "Pareto"));
    b.append("| ").append(String.join(" | ", header)).append(" |\n");
    b.append("|").append("---|".repeat(header.size())).append("\n");
    for (ReportRow row : r.rows()) {
      List<String> cells = new ArrayList<>();
      cells.add(escapeMarkdown(row.label()));
      for (String m : r.metricNames()) {
        Double v = row.metrics().get(m);
        cells.add(v == null ? "–" : fmt("%.2f", 100 * v));
      }
      cells.add(fmt("%.1f%%", row.retainedPercent()));
      cells.add(fmt("%.2f×", row.speedup()));
      cells.add(fmt("%.1f", row.latencyMs()));
      cells.add(params(row.params()));
      cells.add(fmt("%.1f%%", 100 * row.encoderSparsity()));
      cells.add(row.paretoOptimal() ? "★" : "");
      b.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }
    b.append("\nPareto front (").append(displayName(r.primaryMetric())).append(" vs speed-up): ")
        .append(String.join(" → ", r.paretoFront().stream().map(ReportRenderer::escapeMarkdown).toList()))
        .append("\n\nSpeed-up is whole-generate latency (same batch, beam search, every decoding step), "
            + "teacher and model alternated after warm-up, median of the runs.\n");
    return b.toString();
  }

  private String csv(Table1Report r) {
    StringBuilder b = new StringBuilder();
    List<String> header = new ArrayList<>(List.of("model", "teacher"));
    header.addAll(r.metricNames());
    header.addAll(List.of("retained_percent", "speedup", "latency_ms", "params", "encoder_sparsity", "pareto"));
    b.append(String.join(",", header)).append('\n');
    for (ReportRow row : r.rows()) {
      List<String> cells = new ArrayList<>();
      cells.add(csvCell(row.label()));
      cells.add(Boolean.toString(row.teacher()));
      for (String m : r.metricNames()) {
        Double v = row.metrics().get(m);
        cells.add(v == null ? "" : Double.toString(v));
      }
      cells.add(Double.toString(row.retainedPercent()));
      cells.add(Double.toString(row.speedup()));
      cells.add(Double.toString(row.latencyMs()));
      cells.add(Long.toString(row.params()));
      cells.add(Double.toString(row.encoderSparsity()));
      cells.add(Boolean.toString(row.paretoOptimal()));
      b.append(String.join(",", cells)).append('\n');
    }
    return b.toString();
  }

  private String toJson(Table1Report r) {
    try {
      return json.writeValueAsString(r) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("Cannot write report " + r.title() + " as JSON", e);
    }
  }

  private static String displayName(String metric) {
    return switch (metric) {
      case "rouge1" -> "ROUGE-1";
      case "rouge2" -> "ROUGE-2";
      case "rougeL" -> "ROUGE-L";
      case "rougeLsum" -> "ROUGE-Lsum";
      case "meteor" -> "METEOR";
      case "exactMatch" -> "EM";
      case "f1" -> "F1";
      case "accuracy" -> "Acc";
      default -> metric;
    };
  }

  private static String params(long n) {
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
