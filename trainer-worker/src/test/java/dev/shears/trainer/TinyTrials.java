package dev.shears.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.model.BuiltinModels;
import dev.shears.trainer.data.BatchSourceFactory;
import dev.shears.trainer.data.Example;
import dev.shears.trainer.data.ExampleBatches;
import dev.shears.trainer.nash.SeededRandom;
import dev.shears.trainer.spec.TrialSpec;
import java.util.ArrayList;
import java.util.List;

/** Small specs and token-level data for trainer tests on builtin:tiny-t5. */
final class TinyTrials {
  static final ObjectMapper JSON = new ObjectMapper();

  private TinyTrials() {}

  /** A nash spec with the given step counts; tweak the returned node before parsing. */
  static ObjectNode nashSpec(String trialId, int teacherSteps, int pruneSteps, int finetuneSteps) {
    ObjectNode spec = JSON.createObjectNode();
    spec.put("name", "test").put("experimentId", "exp-test").put("trialId", trialId).put("trialIndex", 0).put("method", "nash");
    spec.putObject("task").put("dataset", "test:copy-prefix");
    ObjectNode teacher = spec.putObject("teacher").put("model", BuiltinModels.TINY_T5);
    teacher.putObject("finetune").put("steps", teacherSteps).put("lr", 1e-3);
    ObjectNode nash = spec.putObject("nash").put("decoderLayers", 3).put("selection", "uniform")
        .put("encoderSparsity", 0.3).put("lambdaEnc", 0.001).put("lambdaDec", 0.001).put("kdTemperature", 2)
        .put("kdWeight", 1).put("ceWeight", 0).put("regLr", 0.05).put("sparsityWarmupSteps", pruneSteps / 2);
    nash.putObject("finetunePruned").put("recipe", "nash").put("steps", finetuneSteps).put("lr", 1e-3);
    spec.putObject("training").put("steps", pruneSteps).put("lr", 3e-4).put("batchSize", 4).put("seed", 7);
    spec.putObject("trainer").put("checkpointEvery", 10).put("maskEvery", 5).put("validateEvery", 5)
        .put("validationBatches", 1).put("maxSourceLength", 12).put("maxTargetLength", 6);
    return spec;
  }

  /**
   * Token-level task: the target is the first four source tokens. Ids are drawn above the special tokens of the
   * built-in vocabulary.
   */
  static BatchSourceFactory copyPrefixData() {
    return spec -> {
      SeededRandom random = new SeededRandom(99);
      List<Example> train = examples(random, 64);
      List<Example> validation = examples(random, 8);
      return new ExampleBatches(train, validation, spec.training().batchSize(), spec.trainer().maxSourceLength(),
          spec.trainer().maxTargetLength(), spec.training().seed(), new ExampleBatches.Special(0, 1, 0));
    };
  }

  static TrialSpec parse(ObjectNode node) {
    return TrialSpec.parse(node);
  }

  private static List<Example> examples(SeededRandom random, int n) {
    List<Example> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int len = 6 + random.nextInt(5);
      int[] source = new int[len];
      for (int k = 0; k < len; k++) {
        source[k] = 5 + random.nextInt(40);
      }
      int[] target = java.util.Arrays.copyOf(source, 4);
      out.add(new Example(source, target));
    }
    return out;
  }
}
