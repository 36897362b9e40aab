package dev.shears.launcher.orchestrator;

import dev.shears.orchestrator.OrchestratorClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** A state change of one experiment through the REST API ({@code cancel}, {@code pause}, {@code resume}). */
abstract class ExperimentActionCommand implements Callable<Integer> {
  @Mixin
  private ApiOptions api;

  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "EXPERIMENT", description = "Experiment id.")
  private String experimentId;

  /** Sends the action for {@code experimentId}. */
  abstract OrchestratorClient.Response send(OrchestratorClient client, String experimentId) throws IOException;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    OrchestratorClient client = api.client();
    OrchestratorClient.Response r = ApiCalls.call(() -> send(client, experimentId), api, err);
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
