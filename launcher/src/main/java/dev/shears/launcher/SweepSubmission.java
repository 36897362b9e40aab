package dev.shears.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shears.orchestrator.OrchestratorClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;

/** Submits a bundled sweep (the demo, the reproduction) to a local orchestrator. */
final class SweepSubmission {
  private SweepSubmission() {}

  /** The submitted sweep and a line saying what was created and where to watch it. */
  record Submitted(String experimentId, String message) {}

  /**
   * Submits {@code spec}.
   *
   * @param mediaType application/yaml or application/json
   * @param what the sweep, as the messages name it (e.g. "the demo sweep")
   * @throws UserInputException when the orchestrator refuses the spec (its problems are the user's to fix: a path
   *     outside the roots of a running instance, say)
   */
  static Submitted submit(LocalContext context, byte[] spec, String mediaType, String what) {
    OrchestratorClient client = new OrchestratorClient(URI.create(context.orchestratorUrl()), context.token(),
        Duration.ofSeconds(30));
    try {
      OrchestratorClient.Response response = client.submit(spec, mediaType);
      if (!response.ok()) {
        throw new UserInputException("The orchestrator at " + context.orchestratorUrl() + " refused " + what
            + " (HTTP " + response.status() + "): " + response.body());
      }
      JsonNode body = response.body();
      String id = body.path("experimentId").asText();
      String dashboard = context.endpoints().getOrDefault("dashboard", "");
      return new Submitted(id, "Submitted " + what + " as experiment " + id + " (" + body.path("trialCount")
          .asText("?") + " trials); watch it live at " + dashboard + "/experiments/" + id);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot submit " + what + " to " + context.orchestratorUrl(), e);
    }
  }
}
