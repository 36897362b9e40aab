package dev.shears.trainer.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class TrialSpecTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode minimal() {
    ObjectNode spec = JSON.createObjectNode().put("experimentId", "e").put("trialId", "t").put("method", "nash");
    spec.putObject("task").put("dataset", "builtin:synthetic-summarize");
    spec.putObject("teacher").put("model", "builtin:tiny-t5");
    return spec;
  }

  @Test
  void defaultsFollowTheDesign() {
    TrialSpec spec = TrialSpec.parse(minimal());
    assertThat(spec.nash().encoderSparsity()).isEqualTo(0.3);
    assertThat(spec.nash().kdTemperature()).isEqualTo(2);
    assertThat(spec.nash().regLr()).isEqualTo(0.01);
    assertThat(spec.nash().selection()).isEqualTo("uniform");
    assertThat(spec.training().batchSize()).isEqualTo(4);
    assertThat(spec.trainer().maskEvery()).isEqualTo(10);
  }

  @Test
  void reportsEveryProblemWithItsPath() {
    ObjectNode spec = minimal().put("method", "magic");
    spec.putObject("nash").put("encoderSparsity", 1.0).put("selection", "middle").putObject("decoderLayers")
        .putArray("grid").add(1).add(2);
    spec.remove("task");
    assertThatThrownBy(() -> TrialSpec.parse(spec))
        .isInstanceOf(TrialSpecException.class)
        .satisfies(e -> assertThat(((TrialSpecException) e).problems()).containsExactlyInAnyOrder(
            "method: unknown method 'magic'; use one of " + dev.shears.spec.PruningMethods.names(),
            "task.dataset: is required",
            "nash.decoderLayers: must be one value (sweeps are resolved before a trial runs), was "
                + "{\"grid\":[1,2]}",
            "nash.encoderSparsity: must be in [0, 1), was 1.0",
            "nash.selection: unknown selection 'middle'; use one of [high, l0, low, uniform, uniform-paper]"));
  }
}
