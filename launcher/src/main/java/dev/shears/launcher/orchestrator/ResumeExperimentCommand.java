package dev.shears.launcher.orchestrator;

import dev.shears.orchestrator.OrchestratorClient;
import java.io.IOException;
import picocli.CommandLine.Command;

/** {@code shears resume EXPERIMENT}. */
@Command(name = "resume", mixinStandardHelpOptions = true,
    description = "Resume a paused experiment: its trials are requeued from their last checkpoint.")
public final class ResumeExperimentCommand extends ExperimentActionCommand {
  @Override
  OrchestratorClient.Response send(OrchestratorClient client, String experimentId) throws IOException {
    return client.resume(experimentId);
  }
}
