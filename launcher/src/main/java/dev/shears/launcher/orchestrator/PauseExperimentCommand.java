package dev.shears.launcher.orchestrator;

import dev.shears.orchestrator.OrchestratorClient;
import java.io.IOException;
import picocli.CommandLine.Command;

/** {@code shears pause EXPERIMENT}. */
@Command(name = "pause", mixinStandardHelpOptions = true,
    description = "Pause an experiment: running trials are revoked and resume later from their last checkpoint.")
public final class PauseExperimentCommand extends ExperimentActionCommand {
  @Override
  OrchestratorClient.Response send(OrchestratorClient client, String experimentId) throws IOException {
    return client.pause(experimentId);
  }
}
