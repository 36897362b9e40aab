package dev.shears.launcher.trainer;

import dev.shears.trainer.bench.TrainBenchmark;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shears bench train}: ms per prune-encoder step on builtin:tiny-t5 (batch 16, sequence 64 by default),
 * telemetry overhead, and, with {@code --python}, the same step in PyTorch eager run by
 * {@code trainer-worker/src/test/python/bench_prune_step.py}. Register under {@code bench} with
 * {@code bench.addSubcommand(new BenchTrainCommand())}.
 */
@Command(name = "train", description = "Milliseconds per NASH prune-encoder step, telemetry overhead, PyTorch peer.")
public final class BenchTrainCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Option(names = "--batch-size", defaultValue = "16", description = "Default: ${DEFAULT-VALUE}.")
  private int batch;

  @Option(names = "--length", defaultValue = "64", description = "Source and target tokens. Default: ${DEFAULT-VALUE}.")
  private int length;

  @Option(names = "--decoder-layers", defaultValue = "3", description = "Student decoder depth. Default: ${DEFAULT-VALUE}.")
  private int decoderLayers;

  @Option(names = "--warmup", defaultValue = "5")
  private int warmup;

  @Option(names = "--steps", defaultValue = "20", description = "Timed steps per run. Default: ${DEFAULT-VALUE}.")
  private int steps;

  @Option(names = "--rounds", defaultValue = "3", description = "Runs per setting (medians). Default: ${DEFAULT-VALUE}.")
  private int rounds;

  @Option(names = "--threads", defaultValue = "1", description = "PyTorch intra-op threads, both sides. Default: ${DEFAULT-VALUE}.")
  private int threads;

  @Option(names = "--python", paramLabel = "EXE", description = "Python with torch + transformers: also run the eager peer.")
  private String python;

  @Option(names = "--peer-script", paramLabel = "FILE",
      defaultValue = "trainer-worker/src/test/python/bench_prune_step.py", description = "Default: ${DEFAULT-VALUE}.")
  private Path peerScript;

  @Option(names = "--work-dir", paramLabel = "DIR", description = "Scratch directory (default: a temp dir).")
  private Path workDir;

  @Override
  public Integer call() throws Exception {
    PrintStream out = new PrintStream(new java.io.OutputStream() {
      @Override
      public void write(int b) {
        spec.commandLine().getOut().write(b);
      }
    }, true, StandardCharsets.UTF_8);
    TrainBenchmark.Options options;
    try {
      if (python != null && !Files.isRegularFile(peerScript)) {
        throw new IllegalArgumentException("--peer-script: " + peerScript.toAbsolutePath() + " does not exist");
      }
      Path work = workDir != null ? workDir : Files.createTempDirectory("shears-bench-train");
      options = new TrainBenchmark.Options(batch, length, decoderLayers, warmup, steps, rounds, work, threads,
          python, python == null ? null : peerScript);
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return 2;
    }
    TrainBenchmark.run(options, out);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
