package dev.shears.trainer.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.events.CheckpointWritten;
import dev.shears.events.Envelope;
import dev.shears.events.EventCodec;
import dev.shears.events.LossEvent;
import dev.shears.events.TelemetryEvent;
import dev.shears.events.TrialEvent;
import dev.shears.model.BuiltinModels;
import dev.shears.trainer.StopSignal;
import dev.shears.trainer.TrialOutcome;
import dev.shears.trainer.TrialRunner;
import dev.shears.trainer.checkpoint.CheckpointStore;
import dev.shears.trainer.data.BatchSourceFactory;
import dev.shears.trainer.data.Example;
import dev.shears.trainer.data.ExampleBatches;
import dev.shears.trainer.nash.SeededRandom;
import dev.shears.trainer.spec.TrialSpec;
import dev.shears.trainer.telemetry.TelemetrySink;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code shears bench train}: milliseconds per prune-encoder step (teacher forward, gate sampling, student forward
 * and backward, distillation + Lagrangian loss, three AdamW updates, clipping, log α clamp) on builtin:tiny-t5 with
 * fixed-length batches, through the real stage code, and the cost of telemetry: the same steps with every LossEvent
 * (and a MaskEvent + LagrangianEvent every 10 steps) encoded as Kafka envelopes, against a run whose sink drops the
 * loss events (only their arrival times are used) and that builds no mask events.
 * Runs alternate so machine noise hits both alike.
 */
public final class TrainBenchmark {
  private TrainBenchmark() {}

  /**
   * @param batch examples per step
   * @param length source and target length in tokens (EOS included)
   * @param decoderLayers student decoder depth
   * @param warmup steps not timed
   * @param steps timed steps per run
   * @param rounds runs per telemetry setting
   * @param workDir scratch directory (teacher and checkpoints)
   * @param threads PyTorch intra-op threads for both sides (0 keeps the engine's setting)
   * @param python python executable with torch and transformers for the eager peer, or null to skip it
   * @param peerScript {@code bench_prune_step.py}, or null to skip the peer
   */
  public record Options(int batch, int length, int decoderLayers, int warmup, int steps, int rounds, Path workDir,
      int threads, String python, Path peerScript) {
    public Options {
      if (batch < 1 || length < 2 || decoderLayers < 1 || warmup < 1 || steps < 1 || rounds < 1 || threads < 0) {
        throw new IllegalArgumentException("benchmark options must be positive (length >= 2, warmup >= 1)");
      }
    }

    /** The benchmark's setting: batch 16, sequence 64, 3 decoder layers, one thread, no peer. */
    public static Options defaults(Path workDir) {
      return new Options(16, 64, 3, 5, 20, 3, workDir, 1, null, null);
    }

    /** A copy that also runs the PyTorch eager peer. */
    public Options withPeer(String pythonExe, Path script) {
      return new Options(batch, length, decoderLayers, warmup, steps, rounds, workDir, threads, pythonExe, script);
    }
  }

  /**
   * Medians over the rounds.
   *
   * @param msPerStep ms per prune-encoder step with telemetry
   * @param msPerStepSilent ms per step without telemetry
   * @param telemetryOverhead (msPerStep − msPerStepSilent) / msPerStepSilent
   * @param sinkShare share of the step spent inside the telemetry sink (encoding), measured directly
   * @param perRound ms per step of each round, with and without telemetry, in run order
   * @param peerMsPerStep the PyTorch eager peer's ms per step (NaN when not run)
   */
  public record Result(double msPerStep, double msPerStepSilent, double telemetryOverhead, double sinkShare,
      List<double[]> perRound, double peerMsPerStep) {
    /** Java (with telemetry) over PyTorch eager; NaN without a peer. */
    public double ratioToPeer() {
      return msPerStep / peerMsPerStep;
    }
  }

  /** Runs the benchmark, printing progress and the result to {@code out}. */
  public static Result run(Options options, PrintStream out) {
    if (options.threads() > 0) {
      ai.djl.engine.Engine.getInstance(); // loads the native library
      ai.djl.pytorch.jni.JniUtils.setNumThreads(options.threads());
    }
    Path teacherDir = options.workDir().resolve("teacher");
    try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager();
        dev.shears.model.T5Model teacher = dev.shears.model.T5Model.builtin(BuiltinModels.TINY_T5, 1, m)) {
      teacher.save(teacherDir);
    }
    List<double[]> rounds = new ArrayList<>();
    double[] withTelemetry = new double[options.rounds()];
    double[] silent = new double[options.rounds()];
    double[] share = new double[options.rounds()];
    for (int r = 0; r < options.rounds(); r++) {
      Timing on = timedRun(options, true, "on-" + r);
      Timing off = timedRun(options, false, "off-" + r);
      withTelemetry[r] = on.msPerStep();
      silent[r] = off.msPerStep();
      share[r] = on.sinkShare();
      rounds.add(new double[] {on.msPerStep(), off.msPerStep()});
      out.printf(Locale.ROOT, "round %d: %.1f ms/step with telemetry, %.1f ms/step without (sink %.2f%%)%n", r + 1,
          on.msPerStep(), off.msPerStep(), 100 * on.sinkShare());
    }
    double a = median(withTelemetry);
    double b = median(silent);
    double peer = options.python() == null || options.peerScript() == null ? Double.NaN
        : PeerProcess.msPerStep(options, teacherDir, out);
    Result result = new Result(a, b, (a - b) / b, median(share), rounds, peer);
    out.printf(Locale.ROOT, "prune-encoder step, builtin:tiny-t5, batch %d, sequence %d, %d decoder layers: "
        + "%.1f ms/step (median of %d runs of %d steps); without telemetry %.1f ms/step; overhead %.2f%%; "
        + "time in sink %.2f%%%n", options.batch(), options.length(), options.decoderLayers(), a, options.rounds(),
        options.steps(), b, 100 * result.telemetryOverhead(), 100 * result.sinkShare());
    if (!Double.isNaN(peer)) {
      out.printf(Locale.ROOT, "PyTorch eager peer: %.1f ms/step; Java/PyTorch = %.2f%n", peer, result.ratioToPeer());
    }
    return result;
  }

  private record Timing(double msPerStep, double sinkShare) {}

  private static Timing timedRun(Options o, boolean telemetry, String name) {
    int total = o.warmup() + o.steps();
    TimingSink sink = new TimingSink(o.warmup(), total);
    TrialSpec spec = TrialSpec.parse(spec(name, o, telemetry, total));
    Path root = o.workDir().resolve(name);
    TrialRunner runner = new TrialRunner(new CheckpointStore(root), data(o));
    TrialOutcome outcome = runner.run(spec, null, telemetry ? sink : sink.silent(), new StopSignal());
    if (!(outcome instanceof TrialOutcome.Succeeded)) {
      throw new IllegalStateException("benchmark trial did not succeed: " + outcome);
    }
    try {
      CheckpointStore.deleteTree(root);
    } catch (IOException e) {
      // Scratch space only.
    }
    return new Timing(sink.msPerStep(o.steps()), sink.sinkNanos / (double) (sink.endNanos - sink.startNanos));
  }

  private static ObjectNode spec(String trialId, Options o, boolean telemetry, int steps) {
    ObjectNode spec = new ObjectMapper().createObjectNode();
    spec.put("name", "bench").put("experimentId", "bench").put("trialId", "bench-" + trialId).put("method", "nash");
    spec.putObject("task").put("dataset", "bench:fixed-length");
    spec.putObject("teacher").put("model", BuiltinModels.TINY_T5).put("finetuned", true);
    spec.putObject("nash").put("decoderLayers", o.decoderLayers()).put("encoderSparsity", 0.3)
        .put("sparsityWarmupSteps", steps).putObject("finetunePruned").put("steps", 0);
    spec.putObject("training").put("steps", steps).put("lr", 3e-5).put("batchSize", o.batch()).put("seed", 1);
    spec.putObject("trainer").put("checkpointEvery", 0).put("lossEvery", 1)
        .put("maskEvery", telemetry ? 10 : 100_000).put("validationBatches", 1)
        .put("maxSourceLength", o.length()).put("maxTargetLength", o.length());
    return spec;
  }

  /** Fixed-length random token ids, so every step costs the same. */
  static BatchSourceFactory data(Options o) {
    return spec -> {
      SeededRandom random = new SeededRandom(5);
      List<Example> examples = new ArrayList<>();
      for (int i = 0; i < 4 * o.batch(); i++) {
        examples.add(new Example(ids(random, o.length() - 1), ids(random, o.length() - 1)));
      }
      return new ExampleBatches(examples, examples.subList(0, o.batch()), o.batch(), o.length(), o.length(), 1,
          new ExampleBatches.Special(0, 1, 0));
    };
  }

  private static int[] ids(SeededRandom random, int n) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = 3 + random.nextInt(BuiltinModels.tinyT5Config().vocabSize() - 3);
    }
    return out;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /**
   * Times prune-encoder steps by the arrival of their loss reports, and the time spent encoding events as Kafka
   * envelopes.
   */
  private static final class TimingSink implements TelemetrySink {
    private final EventCodec codec = new EventCodec();
    private final int warmup;
    private final int total;
    private long startNanos;
    private long endNanos;
    private long sinkNanos;
    private long seq;
    private long bytes;

    TimingSink(int warmup, int total) {
      this.warmup = warmup;
      this.total = total;
    }

    double msPerStep(int steps) {
      return (endNanos - startNanos) / 1e6 / steps;
    }

    @Override
    public void trial(TrialEvent event) {
      encode(event);
    }

    @Override
    public void telemetry(TelemetryEvent event) {
      long t0 = System.nanoTime();
      mark(event);
      encode(event);
      sinkNanos += System.nanoTime() - t0;
    }

    @Override
    public void checkpoint(CheckpointWritten event) {
      encode(event);
    }

    private void mark(TelemetryEvent event) {
      if (event instanceof LossEvent loss && "prune-encoder".equals(loss.stage())) {
        if (loss.step() == warmup - 1) {
          startNanos = System.nanoTime();
        } else if (loss.step() == total - 1) {
          endNanos = System.nanoTime();
        }
      }
    }

    private void encode(dev.shears.events.Event event) {
      bytes += codec.encode(Envelope.of(event, "bench", "bench", 1, ++seq, Instant.now())).length;
    }

    /** A sink that only notes the arrival of loss events and drops everything. */
    TelemetrySink silent() {
      TimingSink self = this;
      return new TelemetrySink() {
        @Override
        public void trial(TrialEvent event) {}

        @Override
        public void telemetry(TelemetryEvent event) {
          self.mark(event);
        }

        @Override
        public void checkpoint(CheckpointWritten event) {}
      };
    }
  }

  /** Entry point: {@code TrainBenchmark [workDir [python peerScript]]}. */
  public static void main(String[] args) throws IOException {
    Path work = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("shears-bench-train");
    Options options = Options.defaults(work);
    if (args.length > 2) {
      options = options.withPeer(args[1], Path.of(args[2]));
    }
    run(options, System.out);
  }
}
