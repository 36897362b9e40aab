package dev.shears.launcher.orchestrator;

import dev.shears.orchestrator.OrchestratorClient;
import java.io.IOException;
import picocli.CommandLine.Command;

/** {@code shears cancel EXPERIMENT}. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
    description = "Cancel an experiment: its unfinished trials are cancelled and revoked.")
public final class CancelExperimentCommand extends ExperimentActionCommand {
  @Override
  OrchestratorClient.Response send(OrchestratorClient client, String experimentId) throws IOException {
    return client.cancel(experimentId);
  }
}
