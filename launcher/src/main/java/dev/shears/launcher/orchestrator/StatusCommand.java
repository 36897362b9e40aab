package dev.shears.launcher.orchestrator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shears.orchestrator.OrchestratorClient;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code shears status [EXPERIMENT]}: every experiment with its trial counts, or one experiment's trials. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show experiments, or one experiment's trials.")
public final class StatusCommand implements Callable<Integer> {
  private static final List<String> STATES = List.of("PENDING", "ASSIGNED", "RUNNING", "REQUEUED", "PAUSED",
      "SUCCEEDED", "FAILED", "CANCELLED", "STOPPED");

  @Mixin
  private ApiOptions api;

  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "EXPERIMENT", description = "Experiment id.")
  private String experimentId;

  @Option(names = "--json", description = "Print the API's JSON.")
  private boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    OrchestratorClient client = api.client();
    OrchestratorClient.Response r = ApiCalls.call(
        () -> experimentId == null ? client.experiments() : client.experiment(experimentId), api, err);
    if (r == null) {
      return ApiCalls.UNREACHABLE;
    }
    if (!r.ok()) {
      return ApiCalls.failure(r, err);
    }
    if (json) {
      out.println(r.body().toPrettyString());
    } else if (experimentId == null) {
      experiments(r.body(), out);
    } else {
      experiment(r.body(), out);
    }
    out.flush();
    return ApiCalls.OK;
  }

  private static void experiments(JsonNode list, PrintWriter out) {
    if (list.isEmpty()) {
      out.println("No experiments.");
      return;
    }
    out.printf("%-14s %-28s %-10s %6s  %s%n", "EXPERIMENT", "NAME", "STATE", "TRIALS", "COUNTS");
    for (JsonNode x : list) {
      out.printf("%-14s %-28s %-10s %6d  %s%n", x.path("experimentId").asText(), clip(x.path("name").asText(), 28),
          x.path("state").asText(), x.path("trialCount").asInt(), counts(x.path("counts")));
    }
  }

  private static void experiment(JsonNode x, PrintWriter out) {
    out.println(x.path("experimentId").asText() + "  " + x.path("name").asText() + "  " + x.path("state").asText()
        + "  " + x.path("trialCount").asInt() + " trials  " + counts(x.path("counts")));
    out.printf("%-20s %-10s %7s %-22s %-16s %8s  %s%n", "TRIAL", "STATE", "ATTEMPT", "WORKER", "STAGE", "STEP",
        "PARAMS");
    for (JsonNode t : x.path("trials")) {
      StringBuilder params = new StringBuilder();
      for (Map.Entry<String, JsonNode> p : t.path("params").properties()) {
        params.append(params.length() == 0 ? "" : " ").append(p.getKey()).append('=').append(p.getValue().asText());
      }
      out.printf("%-20s %-10s %7d %-22s %-16s %8d  %s%n", t.path("trialId").asText(), t.path("state").asText(),
          t.path("attempt").asInt(), clip(t.path("workerId").asText("-"), 22), clip(t.path("stage").asText("-"), 16),
          t.path("step").asLong(), params);
      if (t.hasNonNull("reason") && !t.path("state").asText().equals("SUCCEEDED")) {
        out.println("    reason: " + t.path("reason").asText());
      }
    }
  }

  private static String counts(JsonNode counts) {
    StringBuilder s = new StringBuilder();
    for (String state : STATES) {
      int n = counts.path(state).asInt(0);
      if (n > 0) {
        s.append(s.length() == 0 ? "" : " ").append(state.toLowerCase()).append('=').append(n);
      }
    }
    return s.toString();
  }

  private static String clip(String s, int width) {
    return s.length() <= width ? s : s.substring(0, width - 1) + "…";
  }
}
