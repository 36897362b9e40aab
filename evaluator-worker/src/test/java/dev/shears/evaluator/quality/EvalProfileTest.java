package dev.shears.evaluator.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shears.evaluator.speed.TimingStop;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvalProfileTest {

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void readsTaskAndEvalBlocks() throws Exception {
    JsonNode spec = json.readTree("""
        {"name": "x", "method": "nash",
         "task": {"dataset": "/data/qa.jsonl", "metric": "meteor", "inputField": "q", "targetField": "a"},
         "teacher": {"model": "/models/t5-base-qa"},
         "eval": {"beam": 2, "batchSize": 16, "maxNewTokens": 24, "stem": true, "speedupPrecision": 0.1,
                  "maxTimingRounds": 30}}""");
    EvalProfile p = EvalProfile.of(spec, 1, 5, 0);
    assertThat(p.dataset()).isEqualTo("/data/qa.jsonl");
    assertThat(p.inputField()).isEqualTo("q");
    assertThat(p.targetField()).isEqualTo("a");
    assertThat(p.teacher()).isEqualTo("/models/t5-base-qa");
    assertThat(p.settings()).isEqualTo(new EvalSettings(16, 2, 24, 1, 5, List.of("meteor", "rouge"), true, 0,
        new TimingStop(30, 0.1)));
  }

  @Test
  void absentFieldsTakeThePapersSettings() throws Exception {
    JsonNode spec = json.readTree("{\"name\": \"x\", \"method\": \"nash\","
        + " \"task\": {\"dataset\": \"builtin:synthetic-summarize\"},"
        + " \"teacher\": {\"model\": \"builtin:tiny-t5\"}}");
    EvalProfile p = EvalProfile.of(spec, 2, 5, 0);
    assertThat(p.settings()).isEqualTo(new EvalSettings(32, 4, 32, 2, 5, List.of("rouge"), false, 0,
        TimingStop.DEFAULT));
    assertThat(p.inputField()).isEqualTo("input");
    assertThat(p.teacher()).isNull();
    ((com.fasterxml.jackson.databind.node.ObjectNode) spec.get("task")).put("metric", "em");
    assertThat(EvalProfile.of(spec, 0, 1, 0).settings().metrics()).containsExactly("squad");
  }

  @Test
  void badSpecsAreNamed() throws Exception {
    assertThat(assertThrows(IllegalArgumentException.class,
        () -> EvalProfile.of(json.readTree("{\"task\": {}}"), 0, 1, 0)).getMessage()).contains("task.dataset");
    assertThat(assertThrows(IllegalArgumentException.class,
        () -> EvalProfile.of(json.readTree("{\"task\": {\"dataset\": \"x\", \"metric\": \"bleu\"}}"), 0, 1, 0))
        .getMessage()).contains("bleu").contains("task.metric");
  }
}
