package dev.shears.launcher;

import dev.shears.events.PathRoots;
import dev.shears.launcher.demo.TrialResult;
import dev.shears.orchestrator.DemoSpec;
import dev.shears.report.Table1Builder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shears up}: one command, one machine, no Docker. Starts a real Kafka broker (KRaft, child JVM), creates
 * the topics, runs every service as a verticle, prints what listens where, and stops it all on Ctrl-C or SIGTERM.
 */
@Command(name = "up", description = "Start Kafka and every Shears service on this machine.")
final class UpCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Mixin
  private StackOptions stackOptions;

  @Option(names = "--demo", description = "Submit the built-in demo sweep once everything is up, follow it in the "
      + "terminal and print its report when it is done.")
  private boolean demo;

  @Option(names = "--exit-when-done", description = "With --demo: stop everything once the report is printed, "
      + "exiting 0 when every trial succeeded and 1 otherwise.")
  private boolean exitWhenDone;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (exitWhenDone && !demo) {
      throw new UserInputException("--exit-when-done needs --demo: without a demo sweep there is nothing to finish");
    }
    LocalStack.Settings settings = stackOptions.settings();
    Path dir = LocalStack.prepare(stackOptions.dataDir, settings);
    LocalStack stack = new LocalStack(dir);
    try {
      LocalContext context = stack.start(settings, PathRoots.under(Path.of("")), LocalServices.all());
      LocalStack.printBanner(out, context);
      if (demo) {
        SweepSubmission.Submitted submitted = SweepSubmission.submit(context, DemoSpec.yaml(), "application/yaml",
            "the demo sweep");
        out.println(submitted.message());
        out.println(exitWhenDone ? "Everything stops once the report is printed (Ctrl-C stops it now)."
            : "Press Ctrl-C to stop.");
        out.flush();
        List<TrialResult> trials = followDemo(out, context, submitted.experimentId());
        if (exitWhenDone) {
          stack.close();
          return trials.stream().allMatch(t -> t.state().equals("SUCCEEDED")) ? 0 : 1;
        }
        out.println("Shears keeps running for the dashboard. Press Ctrl-C to stop.");
      } else {
        out.println("Press Ctrl-C to stop.");
      }
      out.flush();
    } catch (RuntimeException | Error e) {
      stack.close();
      throw e;
    }
    stack.awaitShutdown();
    return 0;
  }

  private List<TrialResult> followDemo(PrintWriter out, LocalContext context, String experimentId)
      throws InterruptedException {
    return new SweepFollower(out, context).follow(experimentId, context.dataDir().resolve("reports")
        .resolve(experimentId), new Table1Builder(), "the demo sweep");
  }
}
