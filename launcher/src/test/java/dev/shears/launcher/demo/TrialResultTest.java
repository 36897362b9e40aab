package dev.shears.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shears.events.EvaluationCompleted;
import dev.shears.report.SparsityTarget;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrialResultTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void sweptFieldsComeFromTheTrialsParamsAndTheRestFromTheExperimentSpec() throws Exception {
    // The shapes of GET /api/experiments/{id}: the spec holds the sweeps, each trial its swept values.
    JsonNode spec = JSON.readTree("""
        {"method": {"zip": ["nash", "cofi"]}, "nash": {"decoderLayers": 4, "encoderSparsity": {"zip": [0.3, 0.7]}}}""");
    JsonNode trial = JSON.readTree("""
        {"trialId": "x-0001", "state": "RUNNING", "stage": "prune-encoder", "attempt": 2, "reason": null,
         "params": {"method": "cofi", "nash.encoderSparsity": 0.7}}""");
    TrialResult t = TrialResult.of(trial, spec, null);
    assertThat(t.method()).isEqualTo("cofi");
    assertThat(t.decoderLayers()).as("cofi keeps every decoder layer until gates remove them").isZero();
    assertThat(t.targetSparsity()).isEqualTo(0.7);
    assertThat(t.stage()).isEqualTo("prune-encoder");
    assertThat(t.attempt()).isEqualTo(2);
    assertThat(t.reason()).isNull();
    assertThat(t.terminal()).isFalse();
    assertThat(t.label()).isEqualTo("CoFi-T5 simplified (model sparsity 0.7)");
    TrialResult nash = TrialResult.of(JSON.readTree("""
        {"trialId": "x-0000", "state": "SUCCEEDED", "params": {"method": "nash", "nash.encoderSparsity": 0.3}}"""),
        spec, null);
    assertThat(nash.label()).isEqualTo("NASH-4 (encoder sparsity 0.3)");
    assertThat(nash.decoderLayers()).isEqualTo(4);
  }

  @Test
  void theProgressLineOfAnEvaluatedTrialShowsTheWholeModelsSparsityWhereMeasured() throws Exception {
    JsonNode spec = JSON.readTree("{\"method\": \"cofi\", \"cofi\": {\"sparsity\": 0.6}}");
    JsonNode trial = JSON.readTree("{\"trialId\": \"x-0\", \"state\": \"SUCCEEDED\", \"params\": {}}");
    EvaluationCompleted e = new EvaluationCompleted("s", "u", Map.of("rougeL", 0.151), Map.of("rougeL", 0.2537), 10,
        20.5, 2.05, 3, 5, 0.832, Map.of(SparsityTarget.MODEL_SPARSITY, 0.601));
    assertThat(DemoWatch.evaluated(TrialResult.of(trial, spec, e))).isEqualTo(": ROUGE-L 15.1 (60% of the teacher's), "
        + "2.05× faster, 83.2% encoder / 60.1% model sparsity");
    EvaluationCompleted old = new EvaluationCompleted("s", "u", Map.of("rougeL", 0.151), Map.of("rougeL", 0.2537), 10,
        20.5, 2.05, 3, 5, 0.832, Map.of());
    assertThat(DemoWatch.evaluated(TrialResult.of(trial, spec, old))).endsWith("2.05× faster, 83.2% encoder sparsity");
  }
}
