package dev.shears.launcher.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shears.events.EvaluationCompleted;
import dev.shears.orchestrator.OrchestratorClient;
import dev.shears.report.EvaluatedTrial;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads an experiment's trials, their specs and evaluations from the orchestrator's REST API. Blocking. */
public final class ExperimentResults {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OrchestratorClient client;

  public ExperimentResults(OrchestratorClient client) {
    this.client = client;
  }

  /** The experiment's trials in index order. */
  public List<TrialResult> read(String experimentId) throws IOException {
    JsonNode experiment = ok(client.experiment(experimentId), experimentId);
    JsonNode report = ok(client.report(experimentId), experimentId);
    Map<String, EvaluationCompleted> evaluations = new HashMap<>();
    for (JsonNode row : report.path("rows")) {
      if (row.hasNonNull("evaluation")) {
        evaluations.put(row.path("trialId").asText(), JSON.treeToValue(row.get("evaluation"),
            EvaluationCompleted.class));
      }
    }
    List<TrialResult> out = new ArrayList<>();
    for (JsonNode trial : experiment.path("trials")) {
      out.add(TrialResult.of(trial, experiment.path("spec"), evaluations.get(trial.path("trialId").asText())));
    }
    return out;
  }

  /**
   * The experiment's evaluated trials with their resolved specs, as {@code Table1Builder.fromTrials} takes them (the
   * same input the dashboard and {@code shears report} build their tables from).
   */
  public List<EvaluatedTrial> evaluated(String experimentId) throws IOException {
    JsonNode report = ok(client.report(experimentId), experimentId);
    List<EvaluatedTrial> out = new ArrayList<>();
    for (JsonNode row : report.path("rows")) {
      if (row.hasNonNull("evaluation")) {
        JsonNode spec = row.path("spec");
        out.add(new EvaluatedTrial(row.path("trialId").asText(), row.path("index").asInt(),
            spec.isObject() ? spec : null, JSON.treeToValue(row.get("evaluation"), EvaluationCompleted.class),
            row.path("state").asText().equals("STOPPED")));
      }
    }
    return out;
  }

  private static JsonNode ok(OrchestratorClient.Response response, String experimentId) throws IOException {
    if (!response.ok()) {
      throw new IOException("The orchestrator answered HTTP " + response.status() + " for experiment "
          + experimentId + ": " + response.body());
    }
    return response.body();
  }
}
