package dev.shears.orchestrator.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.events.Envelope;
import dev.shears.events.ExperimentSubmitted;
import dev.shears.events.GpuInfo;
import dev.shears.events.Topics;
import dev.shears.events.TrialCreated;
import dev.shears.events.TrialSucceeded;
import dev.shears.events.WorkerHeartbeat;
import dev.shears.orchestrator.internal.EventFactory;
import dev.shears.orchestrator.scheduler.Decision;
import dev.shears.orchestrator.scheduler.Scheduler;
import dev.shears.orchestrator.scheduler.SchedulerConfig;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code shears bench scheduler}: how fast the scheduling core decides and how well it packs, and, given a broker,
 * the same end to end through Kafka and the REST API ({@link EndToEndBenchmark}). Everything is seeded.
 */
public final class SchedulerBenchmark {
  /** GPU models of the simulated fleet, in GiB, chosen per worker. */
  static final long[] GPU_GB = {16, 24, 40, 80};
  /** Per-GPU memory requests of the simulated trials, in GiB. */
  static final double[] TRIAL_GB = {4, 6, 8, 12, 16, 20, 24, 32, 40, 48, 64, 80};
  private static final int REPEATS = 5;

  /**
   * What to run.
   *
   * @param trials trials to place
   * @param workers simulated trainers
   * @param gpusPerWorker GPUs of each
   * @param experiments experiments the trials are spread over (fair share is active)
   * @param churn completions (each followed by a scheduling round) measured after the initial fill
   * @param seed the seed of the fleet and the trials
   * @param bootstrap a Kafka broker for the end-to-end part, or null to skip it
   * @param latencySamples single-trial submissions timed end to end
   */
  public record Options(int trials, int workers, int gpusPerWorker, int experiments, int churn, long seed,
      String bootstrap, int latencySamples) {
    public Options {
      if (trials < 1 || workers < 1 || gpusPerWorker < 1 || experiments < 1 || churn < 0 || latencySamples < 0) {
        throw new IllegalArgumentException("Invalid benchmark options: trials, workers, GPUs and experiments must be"
            + " >= 1, churn and latency samples >= 0");
      }
    }

    /** 10,000 trials on 1,000 workers × 8 GPUs over 10 experiments, 5,000 completions, seed 42. */
    public static Options defaults(String bootstrap) {
      return new Options(10_000, 1_000, 8, 10, 5_000, 42, bootstrap, 200);
    }
  }

  /**
   * The core's figures.
   *
   * @param decisions assignments in the initial fill
   * @param fillSeconds time to decide them and apply their events
   * @param decideSeconds of which deciding (the tick) alone
   * @param churnDecisions assignments made during churn
   * @param churnSeconds time of the churn rounds (apply completion, decide, apply assignments)
   * @param placed trials placed after the fill
   * @param memoryUtilisation allocated / min(total demand, total fleet memory) after the fill
   * @param demandToCapacity total requested memory / fleet memory
   */
  public record CoreResult(int decisions, double fillSeconds, double decideSeconds, int churnDecisions,
      double churnSeconds, int placed, double memoryUtilisation, double demandToCapacity) {
    public double decisionsPerSecond() {
      return decisions / fillSeconds;
    }

    public double churnDecisionsPerSecond() {
      return churnSeconds == 0 ? 0 : churnDecisions / churnSeconds;
    }
  }

  private SchedulerBenchmark() {}

  /** Runs the benchmark and prints its figures; returns 0. */
  public static int run(Options options, PrintStream out) {
    return run(options, new java.io.PrintWriter(new java.io.OutputStreamWriter(out,
        java.nio.charset.StandardCharsets.UTF_8), true));
  }

  /** Runs the benchmark and prints its figures; returns 0. */
  public static int run(Options options, java.io.PrintWriter out) {
    out.printf(Locale.ROOT, "Scheduler benchmark: %,d trials, %,d workers x %d GPUs (%s GiB), %d experiments, "
        + "seed %d%n", options.trials(), options.workers(), options.gpusPerWorker(), java.util.Arrays.toString(GPU_GB),
        options.experiments(), options.seed());
    // Warm the JIT on a smaller instance so the measured run is not the interpreter's.
    core(new Options(2_000, 200, options.gpusPerWorker(), options.experiments(), 500, options.seed() + 1, null, 0));
    // The machine may be shared: repeat the fill and report the median and the best run.
    double[] rates = new double[REPEATS];
    for (int i = 0; i < REPEATS - 1; i++) {
      rates[i] = core(new Options(options.trials(), options.workers(), options.gpusPerWorker(), options.experiments(),
          0, options.seed(), null, 0)).decisionsPerSecond();
    }
    CoreResult core = core(options);
    rates[REPEATS - 1] = core.decisionsPerSecond();
    java.util.Arrays.sort(rates);
    out.printf(Locale.ROOT, "core: %,d assignments per fill; %d fills: median %,.0f decisions/s, best %,.0f "
        + "(target >= 10,000/s); last fill %.3f s of which deciding %.3f s%n", core.decisions(), REPEATS,
        rates[REPEATS / 2], rates[REPEATS - 1], core.fillSeconds(), core.decideSeconds());
    out.printf(Locale.ROOT, "core churn: %,d completions, each followed by a scheduling round with ~%,d trials "
        + "waiting: %.3f ms per round, %,d assignments%n", options.churn(), options.trials() - core.placed(),
        core.churnSeconds() * 1e3 / Math.max(1, options.churn()), core.churnDecisions());
    out.printf(Locale.ROOT, "packing: %,d of %,d trials placed; GPU memory utilisation %.2f%% of the ideal "
        + "(min(demand, capacity); demand/capacity = %.2f) (target >= 95%%)%n", core.placed(), options.trials(),
        100 * core.memoryUtilisation(), core.demandToCapacity());
    if (options.bootstrap() == null) {
      out.println("end to end: skipped (no broker given)");
    } else {
      EndToEndBenchmark.Result e2e = EndToEndBenchmark.run(options, out);
      out.printf(Locale.ROOT, "end to end: %,d assignments through Kafka in %.2f s = %,.0f assignments/s "
          + "(target >= 2,000/s)%n", e2e.assignments(), e2e.assignSeconds(), e2e.assignmentsPerSecond());
      out.printf(Locale.ROOT, "submit -> first assignment: p50 %.1f ms, p99 %.1f ms over %d submissions "
          + "(target p99 < 200 ms)%n", e2e.latencyP50Ms(), e2e.latencyP99Ms(), e2e.latencySamples());
      out.printf(Locale.ROOT, "restart recovery: %,d trials rebuilt from the log in %.2f s (deploy %.2f s) "
          + "(target < 5 s)%n", e2e.recoveredTrials(), e2e.recoverySeconds(), e2e.deploySeconds());
    }
    out.flush();
    return 0;
  }

  /** The simulated fleet: worker i's GPU model is drawn from {@link #GPU_GB}. */
  static List<WorkerHeartbeat> fleet(Options o) {
    SplittableRandom rng = new SplittableRandom(o.seed());
    List<WorkerHeartbeat> out = new ArrayList<>(o.workers());
    for (int w = 0; w < o.workers(); w++) {
      long gb = GPU_GB[rng.nextInt(GPU_GB.length)];
      List<GpuInfo> gpus = new ArrayList<>();
      for (int g = 0; g < o.gpusPerWorker(); g++) {
        gpus.add(new GpuInfo(g, "sim-" + gb + "g", gb * 1024, gb * 1024, 0));
      }
      out.add(new WorkerHeartbeat(String.format(Locale.ROOT, "bench-w%04d", w), "trainer", "bench-host-" + w, gpus,
          List.of(), 0, null));
    }
    return out;
  }

  /** One trial's request: GPUs (1 mostly, 2 or 4 as gangs), GiB per GPU, priority 0–2. */
  record Request(int gpus, double gb, int priority) {}

  static List<Request> requests(Options o) {
    SplittableRandom rng = new SplittableRandom(o.seed() * 31 + 7);
    List<Request> out = new ArrayList<>(o.trials());
    for (int i = 0; i < o.trials(); i++) {
      double r = rng.nextDouble();
      int gpus = r < 0.80 ? 1 : r < 0.95 ? 2 : 4;
      out.add(new Request(gpus, TRIAL_GB[rng.nextInt(TRIAL_GB.length)], rng.nextInt(3)));
    }
    return out;
  }

  static CoreResult core(Options o) {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    Scheduler s = new Scheduler(new SchedulerConfig(Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1)));
    s.recovered(t0);
    long capacityMb = 0;
    for (WorkerHeartbeat hb : fleet(o)) {
      s.heartbeat(hb, t0);
      for (GpuInfo g : hb.gpus()) {
        capacityMb += g.memoryTotalMb();
      }
    }
    List<Request> requests = requests(o);
    long demandMb = 0;
    int perExperiment = (o.trials() + o.experiments() - 1) / o.experiments();
    for (int x = 0; x < o.experiments(); x++) {
      String experimentId = "bench-x" + x;
      ObjectNode spec = JsonNodeFactory.instance.objectNode().put("name", experimentId);
      int from = x * perExperiment;
      int to = Math.min(o.trials(), from + perExperiment);
      s.apply(Envelope.of(new ExperimentSubmitted(experimentId, null, spec, to - from, "bench"), experimentId, null,
          0, 0, t0));
      for (int i = from; i < to; i++) {
        Request r = requests.get(i);
        demandMb += (long) Math.ceil(r.gb() * 1024) * r.gpus();
        s.apply(Envelope.of(new TrialCreated(i - from, spec, r.gpus(), r.gb(), r.priority(), 3), experimentId,
            EventFactory.trialId(experimentId, i - from), 0, 0, t0));
      }
    }
    Instant now = t0.plusSeconds(1);
    long start = System.nanoTime();
    List<Decision> decisions = s.tick(now);
    long decided = System.nanoTime();
    apply(s, decisions, now);
    long applied = System.nanoTime();
    Scheduler.Stats stats = s.stats();

    // Churn: one placed trial finishes, the scheduler fills the hole, repeatedly.
    SplittableRandom rng = new SplittableRandom(o.seed() ^ 0x5DEECE66DL);
    List<String> placed = new ArrayList<>();
    for (Decision d : decisions) {
      placed.add(d.trialId());
    }
    int churnDecisions = 0;
    long churnStart = System.nanoTime();
    for (int i = 0; i < o.churn() && !placed.isEmpty(); i++) {
      int pick = rng.nextInt(placed.size());
      String trialId = placed.get(pick);
      placed.set(pick, placed.get(placed.size() - 1));
      placed.remove(placed.size() - 1);
      String experimentId = trialId.substring(0, trialId.lastIndexOf('-'));
      now = now.plusMillis(10);
      s.apply(Envelope.of(new TrialSucceeded(null, Map.of()), experimentId, trialId, 1, 1, now));
      List<Decision> more = s.tick(now);
      apply(s, more, now);
      churnDecisions += more.size();
      for (Decision d : more) {
        placed.add(d.trialId());
      }
    }
    long churnEnd = System.nanoTime();
    double ideal = Math.min(demandMb, capacityMb);
    return new CoreResult(decisions.size(), (applied - start) / 1e9, (decided - start) / 1e9, churnDecisions,
        (churnEnd - churnStart) / 1e9, stats.placed(), stats.memoryAllocatedMb() / ideal,
        (double) demandMb / capacityMb);
  }

  private static void apply(Scheduler s, List<Decision> decisions, Instant now) {
    for (Decision d : decisions) {
      for (Envelope e : EventFactory.of(d, now)) {
        if (!e.topic().equals(Topics.ASSIGNMENTS)) {
          s.apply(e);
        }
      }
    }
  }
}
