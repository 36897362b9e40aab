package dev.shears.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shears.orchestrator.OrchestratorClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;

/** Submits the built-in demo sweep ({@code demo-spec.yaml}) to the orchestrator started by {@code shears up --demo}. */
final class DemoSubmission {
  static final String SPEC = "demo-spec.yaml";

  private DemoSubmission() {}

  /** The demo spec as bundled. */
  static byte[] spec() {
    try (InputStream in = DemoSubmission.class.getResourceAsStream(SPEC)) {
      if (in == null) {
        throw new IllegalStateException(SPEC + " is missing from the launcher jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Submits the demo and returns a line saying what was created and where to watch it. */
  static String submit(LocalContext context) {
    OrchestratorClient client = new OrchestratorClient(URI.create(context.orchestratorUrl()), context.token(),
        Duration.ofSeconds(30));
    try {
      OrchestratorClient.Response response = client.submit(spec(), "application/yaml");
      if (!response.ok()) {
        throw new IllegalStateException("The orchestrator rejected the demo spec (HTTP " + response.status() + "): "
            + response.body());
      }
      JsonNode body = response.body();
      String id = body.path("experimentId").asText(body.path("id").asText("?"));
      String dashboard = context.endpoints().getOrDefault("dashboard", "");
      return "Submitted the demo sweep as experiment " + id + " (" + body.path("trialCount").asText("3")
          + " trials); watch it at " + dashboard + "/experiments/" + id;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot submit the demo to " + context.orchestratorUrl(), e);
    }
  }
}
