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

  @Option(names = "--plot", paramLabel = "FILE.png",
      description = "Also draw the measured speed-up against decoder depth into this PNG.")
  private Path plot;

  @Override
  public Integer call() throws IOException {
    SpeedBenchmark.Options options = new SpeedBenchmark.Options(depths, batchSize, beam, newTokens, 64, warmup, runs, 7);
    List<SpeedBenchmark.Row> rows = new SpeedBenchmark().run(options);
    spec.commandLine().getOut().print(SpeedBenchmark.table(options, rows));
    if (plot != null) {
      List<PngChart.Point> points = rows.stream().map(r -> new PngChart.Point(r.decoderLayers(), r.speed().speedup(),
          String.format(Locale.ROOT, "%.2f×", r.speed().speedup()))).toList();
      new PngChart(String.format(Locale.ROOT, "Generation speed-up vs decoder depth (batch %d, beam %d, %d tokens)",
          batchSize, beam, newTokens), "decoder layers kept of 12 (uniform selection)", "speed-up over 12 layers (×)")
          .add(new PngChart.Series("tiny T5, whole generate", points, true))
          .write(plot);
      spec.commandLine().getOut().println("Plot: " + plot);
    }
    spec.commandLine().getOut().flush();
    return 0;
  }
}
