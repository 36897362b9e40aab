package dev.shears.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shears.orchestrator.DemoSpec;
import dev.shears.orchestrator.OrchestratorClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;

/** Submits the built-in demo sweep ({@link DemoSpec}) to the orchestrator started by {@code shears up --demo}. */
final class DemoSubmission {
  private DemoSubmission() {}

  /** The submitted sweep and a line saying what was created and where to watch it. */
  record Submitted(String experimentId, String message) {}

  /** Submits the demo. */
  static Submitted submit(LocalContext context) {
    OrchestratorClient client = new OrchestratorClient(URI.create(context.orchestratorUrl()), context.token(),
        Duration.ofSeconds(30));
    try {
      OrchestratorClient.Response response = client.submit(DemoSpec.yaml(), "application/yaml");
      if (!response.ok()) {
        throw new IllegalStateException("The orchestrator rejected the demo spec (HTTP " + response.status() + "): "
            + response.body());
      }
      JsonNode body = response.body();
      String id = body.path("experimentId").asText();
      String dashboard = context.endpoints().getOrDefault("dashboard", "");
      return new Submitted(id, "Submitted the demo sweep as experiment " + id + " (" + body.path("trialCount")
          .asText("?") + " trials); watch it live at " + dashboard + "/experiments/" + id);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot submit the demo to " + context.orchestratorUrl(), e);
    }
  }
}
