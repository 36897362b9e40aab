package dev.shears.launcher.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.launcher.DurationConverter;
import dev.shears.launcher.UserInputException;
import dev.shears.launcher.chaos.ChaosChecks.Analysis;
import dev.shears.launcher.chaos.ChaosChecks.Check;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shears chaos}: runs a small sweep on separate processes (Kafka, orchestrator, two trainers, an evaluator),
 * SIGKILLs a trainer mid-trial, SIGKILLs and restarts the orchestrator, stops and restarts the broker, and then
 * checks from the topics that the sweep still came out right. Exit 0 when every check passes, 1 naming the first
 * that failed.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
    description = {"Run a small sweep on separate processes while killing a trainer, the orchestrator and the"
        + " broker; check that every trial still succeeds with contiguous telemetry, no export is evaluated twice"
        + " and no event is lost.",
        "First runs the same sweep without faults (--no-baseline skips it) to compare trial counts and states.",
        "With --containers the fleet is compose/docker-compose.yml on the local Docker engine, and the faults are"
            + " docker kill of the Kafka node leading a telemetry partition and of a trainer, docker stop/start of"
            + " the orchestrator, and a trainer cut off from the network for longer than its lease."})
public final class ChaosCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Option(names = "--work-dir", paramLabel = "DIR",
      description = "Where the runs keep Kafka data, checkpoints and service logs (default: .shears/chaos-<time>).")
  private Path workDir;

  @Option(names = "--baseline", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Run the sweep without faults first and compare (default: ${DEFAULT-VALUE}).")
  private boolean baseline;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON to FILE.")
  private Path json;

  @Option(names = "--lease-timeout", defaultValue = "15s", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "The orchestrator's trainer lease (default: ${DEFAULT-VALUE}).")
  private Duration leaseTimeout;

  @Option(names = "--broker-downtime", defaultValue = "5s", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How long the broker stays stopped (default: ${DEFAULT-VALUE}).")
  private Duration brokerDowntime;

  @Option(names = "--containers",
      description = "Run the fleet in containers (compose/docker-compose.yml) on the local Docker engine.")
  private boolean containers;

  @Option(names = "--compose-file", paramLabel = "FILE", defaultValue = "compose/docker-compose.yml",
      description = "With --containers: the compose file; chaos.yml and build-images.sh lie next to it"
          + " (default: ${DEFAULT-VALUE}).")
  private Path composeFile;

  @Option(names = "--partition", defaultValue = "30s", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "With --containers: how long a trainer stays cut off from the network; longer than"
          + " --lease-timeout (default: ${DEFAULT-VALUE}).")
  private Duration partition;

  @Option(names = "--build-images", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "With --containers: run build-images.sh first, which reuses the base images and rebuilds"
          + " shears:latest from the launcher's jars (default: ${DEFAULT-VALUE}).")
  private boolean buildImages;

  @Option(names = "--timeout", defaultValue = "15m", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Longest wait for any one stage of a run (default: ${DEFAULT-VALUE}).")
  private Duration timeout;

  @Override
  public Integer call() throws IOException {
    for (Duration d : List.of(leaseTimeout, timeout)) {
      if (d.isZero() || d.isNegative()) {
        throw new UserInputException("Invalid value " + d + " for --lease-timeout/--timeout: must be positive");
      }
    }
    if (containers && partition.compareTo(leaseTimeout) <= 0) {
      throw new UserInputException("Invalid value " + partition + " for --partition: must be longer than"
          + " --lease-timeout (" + leaseTimeout + ") so that the cut-off trainer loses its lease");
    }
    if (containers && !Files.isRegularFile(composeFile)) {
      throw new UserInputException("Invalid value " + composeFile + " for --compose-file: no such file (run from"
          + " the repository root, or name compose/docker-compose.yml)");
    }
    if (brokerDowntime.isNegative()) {
      throw new UserInputException("Invalid value " + brokerDowntime + " for --broker-downtime: must be >= 0");
    }
    // The driver's own Kafka clients reconnect through the broker restart; their connection warnings are noise
    // here (each service logs its own to its log file).
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path dir = (workDir != null ? workDir : Path.of(".shears",
        "chaos-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))))
        .toAbsolutePath().normalize();
    if (Files.exists(dir) && Files.list(dir).findAny().isPresent()) {
      throw new UserInputException("--work-dir " + dir + " is not empty; choose a new directory");
    }
    byte[] sweep = sweep(containers ? ContainerSweepRun.SPEC_RESOURCE : SweepRun.SPEC_RESOURCE);
    long started = System.nanoTime();

    Result base = null;
    if (baseline) {
      base = runOnce(fleet(dir.resolve("baseline"), out, "baseline", buildImages), sweep, false);
      if (base.failure != null) {
        return fail(err, base.failure.check(), "baseline run: " + base.failure.getMessage(), dir);
      }
    }
    Result chaos = runOnce(fleet(dir.resolve("chaos"), out, "chaos", buildImages && base == null), sweep, true);
    if (chaos.failure != null) {
      return fail(err, chaos.failure.check(), chaos.failure.getMessage(), dir);
    }
    List<Check> checks = new ArrayList<>(chaos.analysis.checks());
    checks.addAll(chaos.outcome.extraChecks());
    if (base != null) {
      checks.add(ChaosChecks.compare(base.analysis, chaos.analysis));
    }
    Duration total = Duration.ofNanos(System.nanoTime() - started);
    ChaosSummary summary = new ChaosSummary(dir, base == null ? null : base.analysis,
        base == null ? null : base.outcome, chaos.analysis, chaos.outcome, checks, total);
    summary.print(out);
    if (json != null) {
      writeJson(summary.json());
    }
    Check failed = checks.stream().filter(c -> !c.passed()).findFirst().orElse(null);
    if (failed != null) {
      err.println("shears chaos: check " + failed.name() + " failed: " + failed.detail());
      err.flush();
      return 1;
    }
    return 0;
  }

  private record Result(SweepRun.Outcome outcome, Analysis analysis, SweepRun.RunFailure failure) {}

  private FleetRun fleet(Path dir, PrintWriter out, String label, boolean build) {
    if (containers) {
      return new ContainerSweepRun(dir, new ContainerSweepRun.Settings(composeFile, leaseTimeout, partition, timeout,
          build), out, label);
    }
    return new SweepRun(dir, new SweepRun.Settings(leaseTimeout, timeout, brokerDowntime), out, label);
  }

  private static Result runOnce(FleetRun fleet, byte[] sweep, boolean faults) throws IOException {
    try (FleetRun run = fleet) {
      SweepRun.Outcome outcome = run.run(sweep, faults);
      Analysis analysis = ChaosChecks.analyse(outcome.records(), outcome.expectedTrials(), outcome.killedWorkers());
      return new Result(outcome, analysis, null);
    } catch (SweepRun.RunFailure e) {
      return new Result(null, null, e);
    }
  }

  private int fail(PrintWriter err, String check, String message, Path dir) throws IOException {
    if (json != null) {
      ObjectNode node = new ObjectMapper().createObjectNode();
      node.put("passed", false);
      node.put("failedCheck", check);
      node.put("message", message);
      node.put("workDir", dir.toString());
      writeJson(node);
    }
    err.println("shears chaos: check " + check + " failed: " + message);
    err.flush();
    return 1;
  }

  private void writeJson(ObjectNode node) throws IOException {
    Path parent = json.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), node);
  }

  private static byte[] sweep(String resource) {
    try (InputStream in = ChaosCommand.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("The chaos sweep " + resource + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the chaos sweep", e);
    }
  }
}
