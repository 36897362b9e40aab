package dev.shears.launcher.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.launcher.chaos.ChaosChecks.Analysis;
import dev.shears.launcher.chaos.ChaosChecks.Check;
import dev.shears.launcher.chaos.ChaosChecks.TrialFacts;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The figures of a chaos run, as a table for people and as JSON. */
final class ChaosSummary {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Path dir;
  private final Analysis baseline;
  private final SweepRun.Outcome baselineOutcome;
  private final Analysis chaos;
  private final SweepRun.Outcome outcome;
  private final List<Check> checks;
  private final Duration total;

  ChaosSummary(Path dir, Analysis baseline, SweepRun.Outcome baselineOutcome, Analysis chaos,
      SweepRun.Outcome outcome, List<Check> checks, Duration total) {
    this.dir = dir;
    this.baseline = baseline;
    this.baselineOutcome = baselineOutcome;
    this.chaos = chaos;
    this.outcome = outcome;
    this.checks = checks;
    this.total = total;
  }

  boolean passed() {
    return checks.stream().allMatch(Check::passed);
  }

  private long faultsInjected() {
    return outcome.faults().stream().filter(SweepRun.Fault::injected).count();
  }

  private static long succeeded(Analysis a) {
    return a.trials().values().stream().filter(t -> t.state().equals("SUCCEEDED")).count();
  }

  private static int attempts(Analysis a) {
    return a.trials().values().stream().mapToInt(TrialFacts::attempts).sum();
  }

  private long redone() {
    return chaos.trials().values().stream().mapToLong(TrialFacts::redoneSteps).sum();
  }

  void print(PrintWriter out) {
    out.println();
    out.println("shears chaos: " + (passed() ? "PASS" : "FAIL") + "   (work dir " + dir + ")");
    out.println();
    out.println("Faults (seconds after submission):");
    for (SweepRun.Fault f : outcome.faults()) {
      out.printf("  %7.1f s  %-22s %s%n", f.atSeconds(), f.what(), f.detail());
    }
    out.println();
    Map<Integer, TrialFacts> base = baseline == null ? Map.of() : byIndex(baseline);
    out.printf("  %-5s %-22s %-10s %8s %-13s %7s %9s %-9s %s%n", "trial", "id", "state", "attempts", "resumed at",
        "redone", "last step", "evaluated", baseline == null ? "" : "baseline (state, last step)");
    for (TrialFacts t : byIndex(chaos).values()) {
      TrialFacts b = base.get(t.index());
      out.printf("  %-5d %-22s %-10s %8d %-13s %7d %9d %-9s %s%n", t.index(), t.trialId(), t.state(), t.attempts(),
          t.resumedFrom().isEmpty() ? "-" : t.resumedFrom().toString(), t.redoneSteps(), t.lastStep(),
          t.exportSha256() == null ? "no" : "once", b == null ? "" : b.state() + ", " + b.lastStep());
    }
    out.println();
    out.println("Events per topic (chaos run" + (baseline == null ? ")" : " / baseline)") + ":");
    TreeSet<String> topics = new TreeSet<>(chaos.eventsPerTopic().keySet());
    if (baseline != null) {
      topics.addAll(baseline.eventsPerTopic().keySet());
    }
    for (String topic : topics) {
      out.printf("  %-20s %8d%s%n", topic, chaos.eventsPerTopic().getOrDefault(topic, 0),
          baseline == null ? "" : String.format(" / %d", baseline.eventsPerTopic().getOrDefault(topic, 0)));
    }
    out.println();
    out.println("Figures:");
    out.printf("  %-34s %d (+%d restarts/replacements)%n", "faults injected", faultsInjected(),
        outcome.faults().size() - faultsInjected());
    out.printf("  %-34s %d of %d%s%n", "trials succeeded", succeeded(chaos), outcome.expectedTrials(),
        baseline == null ? "" : String.format(" (baseline %d of %d)", succeeded(baseline),
            baselineOutcome.expectedTrials()));
    out.printf("  %-34s %s%s%n", "orchestrator's final trial counts", outcome.counts(),
        baseline == null ? "" : " (baseline " + baselineOutcome.counts() + ")");
    out.printf("  %-34s %d%s%n", "attempts", attempts(chaos),
        baseline == null ? "" : " (baseline " + attempts(baseline) + ")");
    out.printf("  %-34s %d%n", "steps redone after a resume", redone());
    out.printf("  %-34s %d duplicates, %d from fenced attempts%n", "worker events dropped by the fence",
        chaos.duplicatesDropped(), chaos.fencedDropped());
    out.printf("  %-34s %d%n", "evaluations (EvaluationCompleted)", chaos.evaluations());
    out.printf("  %-34s %d%n", "events lost", chaos.lost());
    out.printf("  %-34s %d%n", "events unsent when SIGKILLed", chaos.unsentAtKill());
    if (baseline != null) {
      double diff = ChaosChecks.maxLossDifference(baseline, chaos);
      out.printf("  %-34s %s%n", "max |loss - baseline loss| per step", Double.isNaN(diff) ? "n/a"
          : String.format("%.3g", diff));
      out.printf("  %-34s %.1f s (baseline %.1f s), %.1f s in all%n", "wall time, submission to last eval",
          outcome.wall().toMillis() / 1000.0, baselineOutcome.wall().toMillis() / 1000.0, total.toMillis() / 1000.0);
    } else {
      out.printf("  %-34s %.1f s, %.1f s in all%n", "wall time, submission to last eval",
          outcome.wall().toMillis() / 1000.0, total.toMillis() / 1000.0);
    }
    out.println();
    out.println("Checks:");
    for (Check c : checks) {
      out.printf("  %s %-24s %s%n", c.passed() ? "PASS" : "FAIL", c.name(), c.detail());
    }
    out.flush();
  }

  ObjectNode json() {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("passed", passed());
    passedOrFailed(root);
    root.put("workDir", dir.toString());
    root.put("faultsInjected", faultsInjected());
    ArrayNode faults = root.putArray("faults");
    for (SweepRun.Fault f : outcome.faults()) {
      ObjectNode fault = faults.addObject().put("atSeconds", Math.round(f.atSeconds() * 10) / 10.0)
          .put("what", f.what()).put("detail", f.detail()).put("injected", f.injected());
      if (f.recoverySeconds() != null) {
        fault.put("recoverySeconds", Math.round(f.recoverySeconds() * 10) / 10.0);
      }
    }
    root.put("trials", outcome.expectedTrials());
    root.put("trialsSucceeded", succeeded(chaos));
    root.set("orchestratorCounts", MAPPER.valueToTree(outcome.counts()));
    root.put("attempts", attempts(chaos));
    root.put("stepsRedone", redone());
    root.put("duplicatesDropped", chaos.duplicatesDropped());
    root.put("fencedDropped", chaos.fencedDropped());
    root.put("evaluations", chaos.evaluations());
    root.put("eventsLost", chaos.lost());
    root.put("eventsUnsentAtKill", chaos.unsentAtKill());
    root.set("eventsPerTopic", MAPPER.valueToTree(chaos.eventsPerTopic()));
    root.put("wallSeconds", outcome.wall().toMillis() / 1000.0);
    root.put("totalSeconds", total.toMillis() / 1000.0);
    ArrayNode trials = root.putArray("trialDetails");
    for (TrialFacts t : byIndex(chaos).values()) {
      trials.addObject().put("index", t.index()).put("trialId", t.trialId()).put("state", t.state())
          .put("attempts", t.attempts()).put("lastStep", t.lastStep()).put("redoneSteps", t.redoneSteps())
          .put("exportSha256", t.exportSha256()).set("resumedFrom", MAPPER.valueToTree(t.resumedFrom()));
    }
    if (baseline != null) {
      ObjectNode b = root.putObject("baseline");
      b.put("trialsSucceeded", succeeded(baseline));
      b.put("attempts", attempts(baseline));
      b.set("orchestratorCounts", MAPPER.valueToTree(baselineOutcome.counts()));
      b.set("eventsPerTopic", MAPPER.valueToTree(baseline.eventsPerTopic()));
      b.put("wallSeconds", baselineOutcome.wall().toMillis() / 1000.0);
      double diff = ChaosChecks.maxLossDifference(baseline, chaos);
      if (!Double.isNaN(diff)) {
        root.put("maxLossDifferenceVsBaseline", diff);
      }
    }
    ArrayNode list = root.putArray("checks");
    for (Check c : checks) {
      list.addObject().put("name", c.name()).put("passed", c.passed()).put("detail", c.detail());
    }
    return root;
  }

  private void passedOrFailed(ObjectNode root) {
    checks.stream().filter(c -> !c.passed()).findFirst().ifPresent(c -> root.put("failedCheck", c.name()));
  }

  private static Map<Integer, TrialFacts> byIndex(Analysis a) {
    Map<Integer, TrialFacts> out = new TreeMap<>();
    a.trials().values().forEach(t -> out.put(t.index(), t));
    return out;
  }
}
