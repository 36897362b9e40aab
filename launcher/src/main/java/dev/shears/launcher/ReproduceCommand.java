package dev.shears.launcher;

import dev.shears.launcher.demo.TrialResult;
import dev.shears.orchestrator.ReproductionSpec;
import dev.shears.orchestrator.ReproductionSpec.Scale;
import dev.shears.report.Table1Builder;
import dev.shears.report.stats.ClaimRule;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shears reproduce}: the controlled real-text reproduction of the NASH paper. Checks the dataset and teacher,
 * starts Kafka and every service as {@code shears up} does (or uses the instance already running from the state
 * directory), submits the bundled reproduction spec, follows it to its report and writes the report (Markdown, CSV,
 * JSON) and figures to the output directory, judging the paper's NASH-3 claim (≥ 95 % of the teacher's quality at
 * ≥ 2.5×) on the 95 % intervals.
 */
@Command(name = "reproduce", description = "Run the real-text reproduction of the NASH paper (Table 1, Findings 3.1 "
    + "and 3.2, seeds, confidence intervals) on Debian package descriptions and write its report and figures.")
final class ReproduceCommand implements Callable<Integer> {
  /** The NASH paper's headline claim for NASH-3: 95 % of the teacher's quality at a 2.5× speed-up. */
  static final ClaimRule PAPER_CLAIM = new ClaimRule(0.95, 2.5);

  @Spec
  private CommandSpec spec;

  @Mixin
  private StackOptions stackOptions;

  @Option(names = "--quick", description = "One seed and four arms (NASH-1, NASH-3, uniform-only-3, CoFi) instead "
      + "of every arm, with seeds 1-3 for NASH-3, uniform-only-3 and CoFi.")
  private boolean quick;

  @Option(names = "--teacher", paramLabel = "DIR", defaultValue = ReproductionSpec.DEFAULT_TEACHER,
      description = "The teacher: a T5 model directory trained on the task (default: ${DEFAULT-VALUE}).")
  private Path teacher;

  @Option(names = "--data", paramLabel = "DIR", defaultValue = ReproductionSpec.DEFAULT_DATA,
      description = "The splits from shears data debian-descriptions (default: ${DEFAULT-VALUE}).")
  private Path data;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Where the report and figures go (default: reports/reproduce or reports/reproduce-quick under "
          + "--data-dir).")
  private Path out;

  @Override
  public Integer call() throws Exception {
    PrintWriter printer = spec.commandLine().getOut();
    ReproductionInputs inputs = ReproductionInputs.check(teacher, data);
    Scale scale = quick ? Scale.QUICK : Scale.FULL;
    byte[] sweep = ReproductionSpec.forInputs(scale, inputs.teacher(), inputs.data());
    Path stateDir = stackOptions.dataDir.toAbsolutePath().normalize();
    Path reportDir = (out != null ? out : stateDir.resolve("reports").resolve(quick ? "reproduce-quick" : "reproduce"))
        .toAbsolutePath().normalize();

    Optional<LocalInstance> running = LocalInstance.find(stateDir);
    if (running.isPresent()) {
      LocalInstance instance = running.get();
      printer.printf("Using the Shears instance running from %s (pid %d). Its evaluator scores as many test examples "
          + "as it was started with (shears up: %d, spread over the split); stop it to let reproduce start one that "
          + "scores the whole test split.%n", stateDir, instance.pid(), EvaluatorService.LOCAL_EXAMPLES);
      LocalContext context = new LocalContext(instance.bootstrap(), instance.token(), stateDir, stackOptions.host,
          stackOptions.dashboardPort, stackOptions.orchestratorPort, instance.endpoints());
      return run(printer, context, scale, sweep, reportDir);
    }
    LocalStack.Settings settings = stackOptions.settings();
    LocalStack stack = new LocalStack(LocalStack.prepare(stateDir, settings));
    try {
      LocalContext context = stack.start(settings, inputs.roots(), LocalServices.all(EvaluatorService.local(0)));
      LocalStack.printBanner(printer, context);
      return run(printer, context, scale, sweep, reportDir);
    } finally {
      stack.close();
    }
  }

  private int run(PrintWriter printer, LocalContext context, Scale scale, byte[] sweep, Path reportDir)
      throws InterruptedException {
    String what = quick ? "the quick reproduction" : "the reproduction";
    double loadBefore = loadAverage();
    SweepSubmission.Submitted submitted = SweepSubmission.submit(context, sweep, "application/json", what);
    printer.println(submitted.message());
    printer.printf(Locale.ROOT, "Teacher %s, data %s (%s); load average %.1f on %d processors.%n", teacher, data,
        scale.resource(), loadBefore, Runtime.getRuntime().availableProcessors());
    printer.flush();
    List<TrialResult> trials = new SweepFollower(printer, context).follow(submitted.experimentId(), reportDir,
        new Table1Builder(PAPER_CLAIM), what);
    printer.printf(Locale.ROOT, "Load average at the end: %.1f. Report and figures of %s: %s%n", loadAverage(), what,
        reportDir);
    printer.flush();
    return trials.stream().allMatch(t -> t.state().equals("SUCCEEDED")) ? 0 : 1;
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
