package dev.shears.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shears.events.EvaluationCompleted;
import dev.shears.spec.MethodSpec;
import dev.shears.spec.PruningMethods;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SparsityTargetTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static MethodSpec method(String json) throws Exception {
    return PruningMethods.methodOf(JSON.readTree(json));
  }

  private static EvaluationCompleted evaluation(double encoderSparsity, Map<String, Double> extra) {
    return new EvaluationCompleted("s", "u", Map.of("rougeL", 0.3), Map.of("rougeL", 0.4), 1, 2, 2.0, 1, 2,
        encoderSparsity, extra);
  }

  @Test
  void aFigureLabelOfAMissedTargetKeepsTheLayerSelection() throws Exception {
    MethodSpec low = method("{\"method\": \"nash\", \"nash\": {\"decoderLayers\": 3, \"encoderSparsity\": 0.3, "
        + "\"selection\": \"low\"}}");
    assertThat(SparsityTarget.shortLabel(low, evaluation(0.034, Map.of()))).isEqualTo("NASH-3@0.03 low (target 0.3 missed)");
    assertThat(SparsityTarget.shortLabel(low, evaluation(0.29, Map.of()))).isEqualTo("NASH-3@0.3 low");
    assertThat(SparsityTarget.shortLabel(low, null)).isEqualTo("NASH-3@0.3 low");
  }

  @Test
  void aWholeModelTargetIsLabelledWithTheWholeModelsSparsity() throws Exception {
    MethodSpec cofi = method("{\"method\": \"cofi\", \"cofi\": {\"sparsity\": 0.6}}");
    EvaluationCompleted reachedLess = evaluation(0.85, Map.of(SparsityTarget.MODEL_SPARSITY, 0.45));
    assertThat(SparsityTarget.shortLabel(cofi, reachedLess)).isEqualTo("CoFi-T5-simplified@0.45 (target 0.6 missed)");
    assertThat(SparsityTarget.of(cofi).rowLabel(cofi, 0.45))
        .isEqualTo("CoFi-T5 simplified (model sparsity 0.450, target 0.6 missed)");
    // Without the whole model's measurement nothing is known to be missed.
    assertThat(SparsityTarget.shortLabel(cofi, evaluation(0.85, Map.of()))).isEqualTo("CoFi-T5-simplified@0.6");
  }

  @Test
  void aMethodWithoutTargetIsNeverFlagged() throws Exception {
    MethodSpec uniform = method("{\"method\": \"uniform-only\", \"uniform-only\": {\"decoderLayers\": 3}}");
    assertThat(SparsityTarget.of(uniform)).isNull();
    assertThat(SparsityTarget.shortLabel(uniform, evaluation(0.5, Map.of()))).isEqualTo("uniform-only-3");
  }
}
