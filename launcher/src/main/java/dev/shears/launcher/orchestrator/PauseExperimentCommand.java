package dev.shears.launcher.orchestrator;

import dev.shears.orchestrator.OrchestratorClient;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code shears pause EXPERIMENT}. */
@Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause an experiment: running trials are revoked and resume later from their last checkpoint.")
public final class PauseExperimentCommand implements Callable<Integer> {
  @Mixin
  private ApiOptions api;

  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "EXPERIMENT", description = "Experiment id.")
  private String experimentId;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    OrchestratorClient client = api.client();
    OrchestratorClient.Response r = ApiCalls.call(() -> client.pause(experimentId), api, err);
    if (r == null) {
      return ApiCalls.UNREACHABLE;
    }
    if (!r.ok()) {
      return ApiCalls.failure(r, err);
    }
    out.println(experimentId + ": " + r.body().path("state").asText());
    out.flush();
    return ApiCalls.OK;
  }
}
