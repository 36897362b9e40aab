package dev.shears.trainer.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.spec.MethodSpec;
import dev.shears.spec.NashSpec;
import dev.shears.spec.UniformOnlySpec;
import org.junit.jupiter.api.Test;

class TrialSpecTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode minimal() {
    ObjectNode spec = JSON.createObjectNode().put("name", "x").put("experimentId", "e").put("trialId", "t")
        .put("trialIndex", 4).put("method", "nash");
    spec.putObject("task").put("dataset", "builtin:synthetic-summarize");
    spec.putObject("teacher").put("model", "builtin:tiny-t5");
    return spec;
  }

  @Test
  void defaultsFollowTheDesign() {
    TrialSpec spec = TrialSpec.parse(minimal());
    assertThat(spec.trialId()).isEqualTo("t");
    assertThat(spec.trialIndex()).isEqualTo(4);
    NashSpec nash = (NashSpec) spec.method();
    assertThat(nash.encoderSparsity()).isEqualTo(0.3);
    assertThat(nash.distillation().kdTemperature()).isEqualTo(2);
    assertThat(nash.regLr()).isEqualTo(0.01);
    assertThat(nash.selection()).isEqualTo("uniform");
    assertThat(spec.training().batchSize()).isEqualTo(4);
    assertThat(spec.trainer().maskEvery()).isEqualTo(10);
    assertThat(spec.inputField()).isEqualTo("input");
  }

  @Test
  void teacherWarmUpDefaultsToNone() {
    assertThat(TrialSpec.parse(minimal()).teacherWarmupSteps()).isZero();
    ObjectNode spec = minimal();
    ((ObjectNode) spec.get("teacher")).putObject("finetune").put("steps", 100).put("warmupSteps", 20);
    assertThat(TrialSpec.parse(spec).teacherWarmupSteps()).isEqualTo(20);
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
            "method: unknown value 'magic'; allowed: " + dev.shears.spec.PruningMethods.names(),
            "task: is required",
            "nash.decoderLayers: must be one value (sweeps are resolved before a trial runs), was an object",
            "nash.encoderSparsity: must be in [0, 1), was 1.0",
            "nash.selection: unknown value 'middle'; allowed: [high, l0, low, uniform, uniform-paper]"));
  }

  @Test
  void aStageNamesTheSettingsAMethodLacks() {
    TrialSpec spec = TrialSpec.parse(minimal().put("method", "uniform-only"));
    assertThat(spec.requires(MethodSpec.DecoderSelection.class, "select-decoder")).isInstanceOf(UniformOnlySpec.class);
    assertThatThrownBy(() -> spec.requires(MethodSpec.GatedPruning.class, "prune-encoder"))
        .hasMessage("method: uniform-only cannot run stage prune-encoder: it has no GatedPruning settings");
  }

  @Test
  void resolvedPathsReplaceTheGivenOnesAndNothingElse() {
    ObjectNode node = minimal();
    node.with("task").put("dataset", "cnn/train.jsonl").put("inputField", "a").put("targetField", "b");
    TrialSpec spec = TrialSpec.parse(node);
    TrialSpec resolved = spec.withPaths("/srv/data/cnn/train.jsonl", "builtin:tiny-t5");
    assertThat(resolved.dataset()).isEqualTo("/srv/data/cnn/train.jsonl");
    assertThat(resolved.inputField()).isEqualTo("a");
    assertThat(resolved.method()).isEqualTo(spec.method());
  }
}
