package dev.shears.orchestrator.spec;

import dev.shears.orchestrator.spec.Rule.Field;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The experiment spec schema of DESIGN §3. Fields marked sweepable may hold a sweep
 * ({@code grid}, {@code list}, {@code random}, {@code zip}) instead of a value.
 */
final class SpecSchema {
  static final List<String> DATASETS = List.of("builtin:synthetic-summarize", "builtin:synthetic-qa");
  static final List<String> MODELS = List.of("builtin:tiny-t5");
  static final Set<String> METHODS = Set.of("nash", "cofi", "uniform-only", "distill-small");
  static final Set<String> SELECTIONS = Set.of("uniform", "uniform-paper", "low", "high", "l0");

  static final int DEFAULT_GPUS = 1;
  static final double DEFAULT_GPU_MEMORY_GB = 8;
  static final int DEFAULT_MAX_ATTEMPTS = 3;

  private static final double INF = Double.MAX_VALUE;
  private static final Rule POSITIVE = new Rule.Num(0, false, INF, true);
  private static final Rule NON_NEGATIVE = new Rule.Num(0, true, INF, true);
  private static final Rule LR = new Rule.Num(0, false, 1, true);
  private static final Rule STEPS = new Rule.Int(0, 100_000_000);
  private static final Rule COUNT = new Rule.Int(1, 100_000_000);

  static final Rule.Obj ROOT = obj(
      req("name", new Rule.Text(200), false),
      opt("description", new Rule.Text(4000), false),
      opt("idempotencyKey", new Rule.Text(200), false),
      req("task", obj(
          req("dataset", new Rule.Location("data", DATASETS), true),
          opt("metric", new Rule.OneOf(Set.of("rouge", "meteor", "em", "f1", "squad", "accuracy")), true),
          opt("inputField", new Rule.Text(200), false),
          opt("targetField", new Rule.Text(200), false)), false),
      req("teacher", obj(
          req("model", new Rule.Location("model", MODELS), true),
          opt("finetuned", new Rule.Bool(), false),
          opt("reuse", new Rule.Bool(), false),
          opt("finetune", obj(
              opt("steps", STEPS, true),
              opt("lr", LR, true)), false)), false),
      req("method", new Rule.OneOf(METHODS), true),
      opt("nash", obj(
          opt("decoderLayers", new Rule.Int(1, 1024), true),
          opt("selection", new Rule.OneOf(SELECTIONS), true),
          opt("encoderSparsity", new Rule.Num(0, true, 1, false), true),
          opt("lambdaEnc", NON_NEGATIVE, true),
          opt("lambdaDec", NON_NEGATIVE, true),
          opt("kdTemperature", POSITIVE, true),
          opt("kdWeight", NON_NEGATIVE, true),
          opt("ceWeight", NON_NEGATIVE, true),
          opt("regLr", new Rule.Num(0, false, 1000, true), true),
          opt("sparsityWarmupSteps", STEPS, true),
          opt("finetunePruned", obj(
              opt("recipe", new Rule.OneOf(Set.of("nash", "distill")), true),
              opt("steps", STEPS, true),
              opt("lr", LR, true)), false)), false),
      opt("training", obj(
          opt("steps", COUNT, true),
          opt("lr", LR, true),
          opt("batchSize", new Rule.Int(1, 65_536), true),
          opt("seed", new Rule.Int(Integer.MIN_VALUE, Integer.MAX_VALUE), true)), false),
      opt("trainer", obj(
          opt("checkpointEvery", STEPS, true),
          opt("lossEvery", new Rule.Int(1, 100_000), true),
          opt("maskEvery", new Rule.Int(1, 100_000), true),
          opt("validateEvery", COUNT, true),
          opt("validationBatches", new Rule.Int(1, 100_000), true),
          opt("maxSourceLength", new Rule.Int(2, 65_536), true),
          opt("maxTargetLength", new Rule.Int(2, 65_536), true)), false),
      opt("eval", obj(
          opt("beam", new Rule.Int(1, 64), true),
          opt("batchSize", new Rule.Int(1, 65_536), true),
          opt("maxNewTokens", new Rule.Int(1, 4096), true),
          opt("stem", new Rule.Bool(), true)), false),
      opt("resources", obj(
          opt("gpus", new Rule.Int(0, 64), true),
          opt("gpuMemoryGb", new Rule.Num(0, false, 4096, true), true),
          opt("priority", new Rule.Int(-1000, 1000), true)), false),
      opt("maxConcurrentTrials", new Rule.Int(1, 1_000_000), false),
      opt("maxAttempts", new Rule.Int(1, 100), false),
      opt("weight", new Rule.Num(0, false, 1000, true), false));

  private SpecSchema() {}

  private record Entry(String name, Field field) {}

  private static Entry req(String name, Rule rule, boolean sweepable) {
    return new Entry(name, new Field(rule, true, sweepable));
  }

  private static Entry opt(String name, Rule rule, boolean sweepable) {
    return new Entry(name, new Field(rule, false, sweepable));
  }

  private static Rule.Obj obj(Entry... entries) {
    Map<String, Field> fields = new LinkedHashMap<>();
    for (Entry e : entries) {
      fields.put(e.name(), e.field());
    }
    return new Rule.Obj(fields);
  }
}
