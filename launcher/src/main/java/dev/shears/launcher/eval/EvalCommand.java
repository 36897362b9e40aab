package dev.shears.launcher.eval;

import dev.shears.evaluator.quality.ModelReport;
import dev.shears.evaluator.quality.ReportRows;
import dev.shears.evaluator.t5.T5ModelSource;
import dev.shears.events.ConfidenceInterval;
import dev.shears.report.ReportFormat;
import dev.shears.report.ReportRenderer;
import dev.shears.report.Table1Builder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shears eval --model DIR --teacher DIR --data FILE.jsonl}: evaluates one model against its teacher
 * outside any experiment (quality with 95% intervals, timed speed-up, parameters, encoder sparsity) and
 * prints a Table-1 style report. Subcommand: {@code shears eval rouge}.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, subcommands = EvalRougeCommand.class,
    description = "Evaluate a model against its teacher (quality, speed-up, size); `eval rouge` scores text files.")
public final class EvalCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Mixin
  private EvalOptions options;

  @Option(names = "--model", paramLabel = "DIR", description = "The model directory (HF layout).")
  private Path model;

  @Option(names = "--teacher", paramLabel = "DIR", description = "The teacher directory (HF layout).")
  private Path teacher;

  @Option(names = "--format", defaultValue = "md", paramLabel = "md|csv|json",
      description = "Output format (default: ${DEFAULT-VALUE}).")
  private String format;

  @Override
  public Integer call() throws Exception {
    // --model, --teacher and --data are required here but declared optional, so that `shears eval rouge` runs.
    Missing.require(spec, options.data, "--data=FILE|builtin:NAME", model, "--model=DIR", teacher, "--teacher=DIR");
    ReportFormat reportFormat = ReportFormat.parse(format);
    ModelReport report;
    try (T5ModelSource source = new T5ModelSource()) {
      report = options.evaluation(source, teacher).evaluate(model, teacher);
    }
    PrintWriter out = spec.commandLine().getOut();
    String label = model.getFileName() == null ? model.toString() : model.getFileName().toString();
    out.print(new ReportRenderer().render(
        new Table1Builder().build(label + " vs " + teacher, List.of(ReportRows.of(label, report)), null), reportFormat));
    if (reportFormat == ReportFormat.MD) {
      out.printf(Locale.ROOT, "%nExamples: %d. Timed batch: %d inputs, beam %d, %d new tokens (all steps), "
              + "%d runs after warm-up.%n", report.examples(), report.speed().batchSize(),
          report.speed().decoding().beams(), report.speed().decoding().maxNewTokens(),
          report.speed().model().runsMs().size());
      out.printf(Locale.ROOT, "Latency median: model %.1f ms (spread %.0f%%, %.0f tokens/s), teacher %.1f ms "
              + "(spread %.0f%%, %.0f tokens/s); speed-up %.2f×.%n", report.speed().model().medianMs(),
          report.speed().model().spreadPercent(), report.speed().model().tokensPerSecond(),
          report.speed().teacher().medianMs(), report.speed().teacher().spreadPercent(),
          report.speed().teacher().tokensPerSecond(), report.speed().speedup());
      if (report.metrics().containsKey("meteor")) {
        out.println("METEOR modules: exact, stem (Porter), synonym (WordNet 3.0); alpha 0.9, beta 3, gamma 0.5.");
      }
      for (Map.Entry<String, ConfidenceInterval> e : report.intervals().entrySet()) {
        out.printf(Locale.ROOT, "%s: %.2f, 95%% CI [%.2f, %.2f] (× 100, as in the table)%n", e.getKey(),
            100 * e.getValue().mean(), 100 * e.getValue().low(), 100 * e.getValue().high());
      }
    }
    out.flush();
    return 0;
  }
}
