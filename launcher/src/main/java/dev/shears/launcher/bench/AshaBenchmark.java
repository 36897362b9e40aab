package dev.shears.launcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.broker.KafkaBroker;
import dev.shears.evaluator.quality.EvalSettings;
import dev.shears.events.Envelope;
import dev.shears.events.PathRoots;
import dev.shears.events.Topics;
import dev.shears.launcher.LocalFleet;
import dev.shears.launcher.chaos.ChaosChecks.Consumed;
import dev.shears.launcher.chaos.ReadAll;
import dev.shears.launcher.demo.DemoWatch;
import dev.shears.launcher.demo.ExperimentResults;
import dev.shears.launcher.demo.TrialResult;
import dev.shears.orchestrator.OrchestratorClient;
import dev.shears.orchestrator.ReproductionSpec;
import dev.shears.report.Metrics;
import dev.shears.spec.InvalidSpecException;
import dev.shears.spec.SpecLimits;
import dev.shears.spec.SpecReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code shears bench asha}: one sweep submitted twice to one fleet (a broker, an orchestrator, a CPU trainer and an
 * evaluator, all real), once as written, with its {@code search:} early stopping, and once with
 * {@code search.scheduler: none}, both at once to the same trainer (it runs the first-submitted sweep, the one
 * without early stopping, first, so the two may see different machine load; student steps do not depend on it).
 * Each is followed to the evaluation of every trial (stopped ones included); then the trainer time of every trial
 * is read from {@code shears.trials} and the two sweeps are compared ({@link SweepComparison}).
 */
public final class AshaBenchmark {
  /** The sweep the benchmark runs unless told otherwise: the built-in tiny T5 on the synthetic task. */
  public static final String DEFAULT_SPEC = "asha-benchmark.yaml";
  /** The sweep on real text: a given teacher and the Debian description splits. */
  public static final String REAL_TEXT_SPEC = "asha-benchmark-debian.yaml";
  /** Decoder layers the real-text sweep's deepest trial keeps. */
  public static final int REAL_TEXT_DEEPEST = 3;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * How a run is set up.
   *
   * @param spec the sweep, with a {@code search:} section (YAML or JSON)
   * @param dir where the broker, checkpoints and reports go
   * @param examples test examples each export is evaluated on
   * @param roots where the sweep's dataset and teacher paths may lie
   */
  public record Options(byte[] spec, Path dir, int examples, PathRoots roots) {
    /** Options with the default roots ({@code ./data}, {@code ./models}, {@code ./.shears}). */
    public Options(byte[] spec, Path dir, int examples) {
      this(spec, dir, examples, PathRoots.under(Path.of("")));
    }
  }

  private final Options options;
  private final PrintWriter out;

  public AshaBenchmark(Options options, PrintWriter out) {
    this.options = options;
    this.out = out;
  }

  /** The built-in sweep's text. */
  public static byte[] defaultSpec() {
    return bundled(DEFAULT_SPEC);
  }

  /** The bundled sweep {@code name}'s text. */
  public static byte[] bundled(String name) {
    try (InputStream in = AshaBenchmark.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("The benchmark sweep " + name + " is missing from the build");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read the benchmark sweep " + name, e);
    }
  }

  /** {@code spec} as JSON with {@code teacher.model} and {@code task.dataset} set to {@code teacher} and {@code data}. */
  public static byte[] withInputs(byte[] spec, Path teacher, Path data) {
    ObjectNode root = (ObjectNode) readSpec(spec);
    ReproductionSpec.fillInputs(root, teacher, data);
    try {
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write the benchmark sweep as JSON", e);
    }
  }

  /** Runs both sweeps, prints the comparison, and returns it. */
  public SweepComparison run() throws IOException, InterruptedException {
    ObjectNode withSearch = (ObjectNode) readSpec(options.spec());
    if (!withSearch.path("search").isObject() || withSearch.path("search").path("scheduler").asText("none")
        .equals("none")) {
      throw new IllegalArgumentException("search.scheduler: the benchmark compares early stopping with none, so "
          + "the spec must name asha or median");
    }
    ObjectNode without = variant(withSearch, "none");
    ObjectNode with = variant(withSearch, withSearch.path("search").path("scheduler").asText());
    EvalSettings eval = new EvalSettings(32, 1, 16, 1, 2, List.of("rouge"), false, 0);
    try (KafkaBroker broker = KafkaBroker.builder().dataDir(options.dir().resolve("kafka")).build().start();
        LocalFleet fleet = LocalFleet.start(broker, options.dir(), 1,
            new LocalFleet.Evaluation(eval, options.examples()), options.roots());
        StopOnSignal stop = new StopOnSignal(fleet)) {
      OrchestratorClient client = fleet.client();
      String fullId = submit(client, without);
      String stoppedId = submit(client, with);
      out.printf("Submitted %s (no early stopping) and %s (%s); one CPU trainer runs both.%n", fullId, stoppedId,
          with.path("search").path("scheduler").asText());
      out.flush();
      ExperimentResults results = new ExperimentResults(client);
      List<TrialResult> full = follow(results, fullId);
      List<TrialResult> stopped = follow(results, stoppedId);
      List<Envelope> log = ReadAll.from(broker.bootstrapServers(), Duration.ofSeconds(60)).stream()
          .filter(c -> c.topic().equals(Topics.TRIALS)).map(Consumed::envelope).toList();
      Map<String, TrainerTime.Cost> costs = TrainerTime.of(log);
      String metric = Metrics.primary(full.stream().filter(t -> t.evaluation() != null)
          .flatMap(t -> t.evaluation().metrics().keySet().stream()).collect(Collectors.toSet()));
      SweepComparison comparison = new SweepComparison(metric, rows(client, fullId, full, costs),
          rows(client, stoppedId, stopped, costs));
      out.println();
      comparison.print(out);
      return comparison;
    }
  }

  private List<TrialResult> follow(ExperimentResults results, String experimentId)
      throws IOException, InterruptedException {
    Path reports = options.dir().resolve("reports").resolve(experimentId);
    return new DemoWatch(results, out, Duration.ofSeconds(5)).await(experimentId, reports);
  }

  private static List<SweepComparison.Row> rows(OrchestratorClient client, String experimentId,
      List<TrialResult> trials, Map<String, TrainerTime.Cost> costs) throws IOException {
    JsonNode experiment = client.experiment(experimentId).body();
    List<SweepComparison.Row> rows = new ArrayList<>();
    for (int i = 0; i < trials.size(); i++) {
      TrialResult t = trials.get(i);
      JsonNode params = experiment.path("trials").path(i).path("params");
      List<String> swept = new ArrayList<>();
      params.properties().forEach(p -> swept.add(shortName(p.getKey()) + "=" + p.getValue().asText()));
      rows.add(new SweepComparison.Row(i, String.join(" ", swept), t.state(),
          costs.getOrDefault(t.trialId(), new TrainerTime.Cost(Duration.ZERO, Duration.ZERO, 0)), t.evaluation()));
    }
    return rows;
  }

  private static String shortName(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  private static String submit(OrchestratorClient client, ObjectNode spec) throws IOException {
    OrchestratorClient.Response r = client.submit(JSON.writeValueAsBytes(spec), "application/json");
    if (r.status() != 201) {
      throw new IllegalArgumentException("The orchestrator refused the benchmark sweep: HTTP " + r.status() + " "
          + r.body());
    }
    return r.body().path("experimentId").asText();
  }

  /** The sweep named for its scheduler, with that scheduler and no idempotency key (each run submits afresh). */
  static ObjectNode variant(ObjectNode spec, String scheduler) {
    ObjectNode copy = spec.deepCopy();
    copy.remove("idempotencyKey");
    copy.put("name", spec.path("name").asText("sweep") + "-" + scheduler);
    ((ObjectNode) copy.get("search")).put("scheduler", scheduler);
    return copy;
  }

  private static JsonNode readSpec(byte[] spec) {
    try {
      return new SpecReader(SpecLimits.DEFAULT).read(spec, null);
    } catch (InvalidSpecException e) {
      throw new IllegalArgumentException("The benchmark sweep is not a spec: " + e.problems(), e);
    }
  }

  /**
   * Stops the fleet when the JVM is told to exit (Ctrl-C, SIGTERM), so the trainer ends its step before PyTorch's
   * native state is torn down under it: exiting with a trial mid-step crashed the JVM in libtorch.
   */
  private static final class StopOnSignal implements AutoCloseable {
    private final Thread hook;

    StopOnSignal(LocalFleet fleet) {
      this.hook = new Thread(fleet::close, "shears-bench-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void close() {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running and stops the fleet.
      }
    }
  }
}
