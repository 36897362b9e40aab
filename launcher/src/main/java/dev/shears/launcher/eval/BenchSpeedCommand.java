package dev.shears.launcher.eval;

import dev.shears.evaluator.bench.SpeedBenchmark;
import dev.shears.launcher.plot.PngChart;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shears bench speed}: speed-up and run-to-run spread of decoder-shortened tiny T5 models. */
@Command(name = "speed", mixinStandardHelpOptions = true,
    description = "Time the built-in tiny T5 against uniform-selected shallower decoders (batch 32, beam 4, 32 tokens).")
public final class BenchSpeedCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Option(names = "--decoder-layers", split = ",", defaultValue = "2,3,4",
      description = "Student decoder depths (default: ${DEFAULT-VALUE}).")
  private List<Integer> depths;

  @Option(names = "--batch-size", defaultValue = "32", description = "Batch size (default: ${DEFAULT-VALUE}).")
  private int batchSize;

  @Option(names = "--beam", defaultValue = "4", description = "Beam width (default: ${DEFAULT-VALUE}).")
  private int beam;

  @Option(names = "--new-tokens", defaultValue = "32", description = "New tokens, all steps run (default: ${DEFAULT-VALUE}).")
  private int newTokens;

  @Option(names = "--runs", defaultValue = "5", description = "Timed runs per model (default: ${DEFAULT-VALUE}).")
  private int runs;

  @Option(names = "--warmup", defaultValue = "2", description = "Warm-up runs per model (default: ${DEFAULT-VALUE}).")
  private int warmup;

  @Option(names = "--decoder-width", split = ",", paramLabel = "FRACTION",
      description = "Also time 12-layer decoders keeping this fraction of every layer's heads and FFN dimensions, "
          + "e.g. 0.75,0.5,0.25 (paper Finding 3.1).")
  private List<Double> widths = List.of();

  @Option(names = "--plot", paramLabel = "FILE.png",
      description = "Also draw the measured speed-up against the fraction of the decoder kept, by depth and by width, "
          + "into this PNG.")
  private Path plot;

  @Override
  public Integer call() throws IOException {
    SpeedBenchmark.checkWidths(widths);
    SpeedBenchmark.Options options = new SpeedBenchmark.Options(depths, batchSize, beam, newTokens, 64, warmup, runs, 7);
    SpeedBenchmark bench = new SpeedBenchmark();
    List<SpeedBenchmark.Row> rows = bench.run(options);
    spec.commandLine().getOut().print(SpeedBenchmark.table(options, rows));
    List<SpeedBenchmark.WidthRow> widthRows = widths.isEmpty() ? List.of() : bench.runWidths(options, widths);
    if (!widthRows.isEmpty()) {
      spec.commandLine().getOut().println();
      spec.commandLine().getOut().print(SpeedBenchmark.widthTable(options, widthRows));
    }
    if (plot != null) {
      PngChart chart = new PngChart(String.format(Locale.ROOT,
          "Decoder depth vs width: generation speed-up (batch %d, beam %d, %d tokens)", batchSize, beam, newTokens),
          "decoder kept (% of its 12 layers' parameters)", "speed-up over the full model (×)");
      chart.add(new PngChart.Series("fewer layers (uniform)", rows.stream().map(r -> new PngChart.Point(
          100.0 * r.decoderLayers() / 12, r.speed().speedup(), String.format(Locale.ROOT, "%d L: %.2f×",
              r.decoderLayers(), r.speed().speedup()))).toList(), true));
      if (!widthRows.isEmpty()) {
        chart.add(new PngChart.Series("narrower layers (12 L)", widthRows.stream().map(r -> new PngChart.Point(
            100 * r.keep(), r.speed().speedup(), String.format(Locale.ROOT, "%.2f×", r.speed().speedup()))).toList(),
            true));
      }
      chart.write(plot);
      spec.commandLine().getOut().println("Plot: " + plot);
    }
    spec.commandLine().getOut().flush();
    return 0;
  }
}
