package dev.shears.launcher.model;

import dev.shears.model.GenerateBenchmark;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shears bench generate}: generation latency per batch and tokens/s at several decoder
 * depths, KV-cached vs uncached. Register under {@code bench} with {@code
 * bench.addSubcommand(new BenchGenerateCommand())}. Run the JVM with {@code
 * -Dai.djl.pytorch.num_threads=N} (and {@code OMP_NUM_THREADS=N}) to fix the thread count.
 */
@Command(name = "generate", description = "Generation latency and tokens/s of a T5 at several decoder depths.")
public final class BenchGenerateCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--model", defaultValue = "builtin:tiny-t5", description = "Default: ${DEFAULT-VALUE}.")
  private String model;

  @Option(names = "--seed", defaultValue = "0")
  private long seed;

  @Option(names = "--batch-size", defaultValue = "32")
  private int batchSize;

  @Option(names = "--num-beams", defaultValue = "4")
  private int numBeams;

  @Option(names = "--max-new-tokens", defaultValue = "32", description = "Decoding steps, all run.")
  private int maxNewTokens;

  @Option(names = "--decoder-layers", defaultValue = "12,4,3,2,1", split = ",", description = "Decoder depths (uniform selection).")
  private int[] depths;

  @Option(names = "--warmup", defaultValue = "1")
  private int warmup;

  @Option(names = "--repeats", defaultValue = "3")
  private int repeats;

  @Option(names = "--cache-tokens", defaultValue = "64", description = "Steps of the cached-vs-uncached comparison; 0 skips it.")
  private int cacheTokens;

  @Option(names = "--cache-decoder-layers", defaultValue = "12,3", split = ",")
  private int[] cacheDepths;

  @Option(names = "--export", paramLabel = "DIR", description = "Write the model and inputs for the PyTorch peer script.")
  private Path export;

  @Option(names = "--python", paramLabel = "EXE",
      description = "Python with torch + transformers: run the PyTorch-eager peer on the same model and inputs in this run.")
  private String python;

  @Option(names = "--peer-script", paramLabel = "FILE", defaultValue = "model/src/test/python/bench_generate.py",
      description = "The peer (default: ${DEFAULT-VALUE}).")
  private Path peerScript;

  @Override
  public Integer call() {
    try {
      PrintStream out = new PrintStream(new java.io.OutputStream() {
        private final java.io.PrintWriter w = spec.commandLine().getOut();

        @Override
        public void write(int b) {
          w.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
          w.write(new String(b, off, len, StandardCharsets.UTF_8));
        }

        @Override
        public void flush() {
          w.flush();
        }
      }, true, StandardCharsets.UTF_8);
      if (python != null && !java.nio.file.Files.isRegularFile(peerScript)) {
        throw new IllegalArgumentException("--peer-script: " + peerScript.toAbsolutePath() + " does not exist");
      }
      Path exportDir = export != null || python == null ? export
          : java.nio.file.Files.createTempDirectory("shears-bench-generate");
      GenerateBenchmark.run(
          new GenerateBenchmark.Options(model, seed, batchSize, numBeams, maxNewTokens, depths, warmup, repeats,
              cacheTokens, Arrays.copyOf(cacheDepths, cacheDepths.length), exportDir),
          out);
      out.flush();
      if (python != null) {
        out.println("PyTorch eager peer (" + python + " " + peerScript + "):");
        out.flush();
        Process peer = new ProcessBuilder(python, peerScript.toString(), exportDir.toString(),
            "--steps", Integer.toString(maxNewTokens), "--cache-steps", Integer.toString(cacheTokens),
            "--repeats", Integer.toString(repeats), "--beams", Integer.toString(numBeams),
            "--depths", joined(depths), "--cache-depths", joined(cacheDepths))
            .redirectErrorStream(true)
            .start();
        peer.getInputStream().transferTo(out);
        out.flush();
        int status = peer.waitFor();
        if (status != 0) {
          throw new IllegalArgumentException("the PyTorch peer exited with status " + status);
        }
      }
      return 0;
    } catch (IllegalArgumentException e) {
      return ModelOptions.userError(spec.commandLine().getErr(), "bench generate", e);
    } catch (java.io.IOException e) {
      return ModelOptions.userError(spec.commandLine().getErr(), "bench generate",
          new IllegalArgumentException("cannot run the PyTorch peer: " + e.getMessage(), e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  private static String joined(int[] values) {
    return Arrays.stream(values).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(","));
  }
}
