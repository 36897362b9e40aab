package dev.shears.launcher.orchestrator;

import dev.shears.orchestrator.OrchestratorClient;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code shears resume EXPERIMENT}. */
@Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused experiment: its trials are requeued from their last checkpoint.")
public final class ResumeExperimentCommand implements Callable<Integer> {
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
    OrchestratorClient.Response r = ApiCalls.call(() -> client.resume(experimentId), api, err);
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
