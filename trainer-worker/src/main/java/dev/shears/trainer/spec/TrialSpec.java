package dev.shears.trainer.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shears.spec.ExperimentSpec;
import dev.shears.spec.FinetunePruned;
import dev.shears.spec.InvalidSpecException;
import dev.shears.spec.MethodSpec;
import dev.shears.spec.PruningMethods;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The resolved trial spec (DESIGN §3 with every sweep replaced by one value, plus {@code experimentId},
 * {@code trialId}, {@code trialIndex}) as the trainer reads it. {@link #parse} reports every problem at once.
 *
 * <p>Trainer-only knobs live under {@code trainer:} (all optional): {@code checkpointEvery} (default 100 steps),
 * {@code lossEvery} (1), {@code maskEvery} (10), {@code validateEvery} (100), {@code validationBatches} (4),
 * {@code maxSourceLength} (64), {@code maxTargetLength} (32). {@code teacher.finetuned: true} skips the
 * finetune-teacher stage; by default that stage reuses a teacher fine-tuned earlier from the same model, data,
 * seed and schedule (the trials of a sweep share one teacher, as in the paper), and {@code teacher.reuse: false}
 * fine-tunes afresh.
 *
 * @param experimentId experiment
 * @param trialId trial
 * @param trialIndex index within the experiment
 * @param method a method of the registry ({@link PruningMethods})
 * @param dataset dataset reference (builtin:… or a JSONL path)
 * @param inputField JSONL input field (null for built-ins)
 * @param targetField JSONL target field (null for built-ins)
 * @param teacherModel builtin:tiny-t5 or a local HF directory
 * @param teacherFinetuned whether the teacher is already fine-tuned (skip stage 1)
 * @param teacherReuse whether stage 1 may reuse a teacher fine-tuned earlier from the same inputs
 * @param teacherSteps teacher fine-tuning steps
 * @param teacherLr teacher fine-tuning learning rate
 * @param nash the method's hyper-parameters
 * @param training the pruning stage's schedule and the seed
 * @param trainer trainer-only knobs
 * @param methodSpec the method's own section, typed (null for a nash-family spec outside the experiment schema)
 */
public record TrialSpec(
    String experimentId,
    String trialId,
    int trialIndex,
    String method,
    String dataset,
    String inputField,
    String targetField,
    String teacherModel,
    boolean teacherFinetuned,
    boolean teacherReuse,
    int teacherSteps,
    double teacherLr,
    Nash nash,
    Training training,
    Trainer trainer,
    MethodSpec methodSpec) {

  /** Methods whose stages still read their settings from the {@code nash:} fields of this record. */
  private static final Set<String> READ_FROM_NASH = Set.of("nash", "cofi", "uniform-only", "distill-small");
  /** Decoder layer selections. */
  public static final Set<String> SELECTIONS = Set.of("uniform", "uniform-paper", "low", "high", "l0");

  /**
   * NASH hyper-parameters (DESIGN §3 {@code nash:}).
   *
   * @param decoderLayers d_s
   * @param selection uniform | uniform-paper | low | high | l0
   * @param encoderSparsity target t in [0, 1)
   * @param lambdaEnc encoder hidden-state MSE weight
   * @param lambdaDec decoder hidden-state MSE weight
   * @param kdTemperature T
   * @param kdWeight KL weight
   * @param ceWeight label cross-entropy weight
   * @param regLr learning rate of the gates and (negated) of the λs
   * @param sparsityWarmupSteps steps over which t rises from 0
   * @param finetuneRecipe nash (label CE) | distill
   * @param finetuneSteps finetune-pruned steps
   * @param finetuneLr finetune-pruned learning rate
   */
  public record Nash(
      int decoderLayers,
      String selection,
      double encoderSparsity,
      double lambdaEnc,
      double lambdaDec,
      double kdTemperature,
      double kdWeight,
      double ceWeight,
      double regLr,
      int sparsityWarmupSteps,
      String finetuneRecipe,
      int finetuneSteps,
      double finetuneLr) {}

  /**
   * @param steps pruning-stage steps
   * @param lr pruning-stage model learning rate
   * @param batchSize examples per step
   * @param seed seed of every random choice in the trial
   */
  public record Training(int steps, double lr, int batchSize, long seed) {}

  /**
   * Trainer-only knobs, see the class comment.
   *
   * @param checkpointEvery periodic checkpoint interval in steps (0 = stage ends only)
   * @param lossEvery LossEvent interval
   * @param maskEvery MaskEvent and LagrangianEvent interval
   * @param validateEvery validation interval of finetune-pruned
   * @param validationBatches batches per validation
   * @param maxSourceLength encoder input truncation
   * @param maxTargetLength target truncation
   */
  public record Trainer(
      int checkpointEvery,
      int lossEvery,
      int maskEvery,
      int validateEvery,
      int validationBatches,
      int maxSourceLength,
      int maxTargetLength) {}

  /** Reads and validates a resolved spec; throws {@link TrialSpecException} listing every problem. */
  public static TrialSpec parse(JsonNode spec) {
    List<String> problems = new ArrayList<>();
    Reader r = new Reader(spec == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : spec,
        problems);
    String experimentId = r.text("experimentId", null);
    String trialId = r.text("trialId", null);
    int trialIndex = r.integer("trialIndex", 0, 0, Integer.MAX_VALUE);
    String method = r.text("method", null);
    if (method != null && PruningMethods.find(method).isEmpty()) {
      problems.add("method: unknown method '" + method + "'; use one of " + PruningMethods.names());
    }
    MethodSpec methodSpec = typedMethod(spec, method, problems);
    String dataset = r.text("task.dataset", null);
    String inputField = r.text("task.inputField", "input");
    String targetField = r.text("task.targetField", "target");
    String teacherModel = r.text("teacher.model", null);
    boolean finetuned = r.bool("teacher.finetuned", false);
    boolean reuse = r.bool("teacher.reuse", true);
    int teacherSteps = r.integer("teacher.finetune.steps", 0, 0, 10_000_000);
    double teacherLr = r.number("teacher.finetune.lr", 3e-4, 0, 1, false);

    Nash nash = new Nash(
        r.integer("nash.decoderLayers", 3, 1, 10_000),
        r.text("nash.selection", "uniform"),
        r.number("nash.encoderSparsity", 0.3, 0, 1, true),
        r.number("nash.lambdaEnc", 0.001, 0, 1e6, false),
        r.number("nash.lambdaDec", 0.001, 0, 1e6, false),
        r.positive("nash.kdTemperature", 2),
        r.number("nash.kdWeight", 1, 0, 1e6, false),
        r.number("nash.ceWeight", 0, 0, 1e6, false),
        r.number("nash.regLr", 0.01, 0, 1e3, false),
        r.integer("nash.sparsityWarmupSteps", 500, 0, 100_000_000),
        r.text("nash.finetunePruned.recipe", "nash"),
        r.integer("nash.finetunePruned.steps", 500, 0, 100_000_000),
        r.number("nash.finetunePruned.lr", 3e-4, 0, 1, false));
    if (!SELECTIONS.contains(nash.selection())) {
      problems.add("nash.selection: unknown selection '" + nash.selection() + "'; use one of " + sorted(SELECTIONS));
    }
    if (!Set.of("nash", "distill").contains(nash.finetuneRecipe())) {
      problems.add("nash.finetunePruned.recipe: unknown recipe '" + nash.finetuneRecipe() + "'; use nash or distill");
    }
    Training training = new Training(
        r.integer("training.steps", 1500, 1, 100_000_000),
        r.number("training.lr", 3e-5, 0, 1, false),
        r.integer("training.batchSize", 4, 1, 65_536),
        r.integer("training.seed", 1, Integer.MIN_VALUE, Integer.MAX_VALUE));
    Trainer trainer = new Trainer(
        r.integer("trainer.checkpointEvery", 100, 0, 100_000_000),
        r.integer("trainer.lossEvery", 1, 1, 100_000),
        r.integer("trainer.maskEvery", 10, 1, 100_000),
        r.integer("trainer.validateEvery", 100, 1, 100_000_000),
        r.integer("trainer.validationBatches", 4, 1, 100_000),
        r.integer("trainer.maxSourceLength", 64, 2, 65_536),
        r.integer("trainer.maxTargetLength", 32, 2, 65_536));
    if (!problems.isEmpty()) {
      throw new TrialSpecException(problems);
    }
    return new TrialSpec(experimentId, trialId, trialIndex, method, dataset, inputField, targetField, teacherModel,
        finetuned, reuse, teacherSteps, teacherLr, nash, training, trainer, methodSpec);
  }

  /**
   * The method's section read through the {@code spec} module. For the methods whose stages read {@code nash:} from
   * this record it is null when the spec does not pass the experiment schema (trainer tests use token-level datasets
   * the schema does not know); for the others the schema's problems are this spec's.
   */
  private static MethodSpec typedMethod(JsonNode spec, String method, List<String> problems) {
    if (spec == null || !spec.isObject() || method == null || PruningMethods.find(method).isEmpty()) {
      return null;
    }
    com.fasterxml.jackson.databind.node.ObjectNode named = spec.deepCopy();
    if (!named.hasNonNull("name")) {
      named.put("name", "trial"); // a trial's spec carries its experiment's name; a bare test spec may not
    }
    try {
      return ExperimentSpec.parse(named).method();
    } catch (InvalidSpecException e) {
      if (!READ_FROM_NASH.contains(method)) {
        e.problems().forEach(p -> problems.add(p.toString()));
      }
      return null;
    }
  }

  /** The fine-tuning of the pruned student: the method's own section when it has one, else {@code nash:}'s. */
  public FinetunePruned finetunePruned() {
    if (methodSpec instanceof MethodSpec.PrunedFinetune p) {
      return p.finetunePruned();
    }
    return new FinetunePruned(nash.finetuneRecipe(), nash.finetuneSteps(), nash.finetuneLr());
  }

  private static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }

  /** Typed reads by dotted path that record problems instead of throwing. */
  private record Reader(JsonNode root, List<String> problems) {
    JsonNode at(String path) {
      JsonNode node = root;
      for (String part : path.split("\\.")) {
        if (node == null || !node.isObject()) {
          return null;
        }
        node = node.get(part);
      }
      return node == null || node.isNull() ? null : node;
    }

    String text(String path, String fallback) {
      JsonNode n = at(path);
      if (n == null) {
        if (fallback == null) {
          problems.add(path + ": is required");
        }
        return fallback;
      }
      if (!n.isTextual() || n.asText().isBlank()) {
        problems.add(path + ": must be a non-empty string, was " + n);
        return fallback;
      }
      return n.asText().trim();
    }

    boolean bool(String path, boolean fallback) {
      JsonNode n = at(path);
      if (n == null) {
        return fallback;
      }
      if (!n.isBoolean()) {
        problems.add(path + ": must be true or false, was " + n);
        return fallback;
      }
      return n.asBoolean();
    }

    int integer(String path, int fallback, int min, int max) {
      JsonNode n = at(path);
      if (n == null) {
        return fallback;
      }
      if (n.isObject() || n.isArray()) {
        problems.add(path + ": must be one value (sweeps are resolved before a trial runs), was " + n);
        return fallback;
      }
      if (!n.isIntegralNumber() && !(n.isNumber() && n.asDouble() == Math.rint(n.asDouble()))) {
        problems.add(path + ": must be an integer, was " + n);
        return fallback;
      }
      long v = n.asLong();
      if (v < min || v > max) {
        problems.add(path + ": must be in [" + min + ", " + max + "], was " + v);
        return fallback;
      }
      return (int) v;
    }

    double number(String path, double fallback, double min, double max, boolean maxExclusive) {
      JsonNode n = at(path);
      if (n == null) {
        return fallback;
      }
      if (!n.isNumber()) {
        problems.add(path + ": must be a number" + (n.isObject() || n.isArray()
            ? " (sweeps are resolved before a trial runs)" : "") + ", was " + n);
        return fallback;
      }
      double v = n.asDouble();
      boolean ok = Double.isFinite(v) && v >= min && (maxExclusive ? v < max : v <= max);
      if (!ok) {
        problems.add(String.format(Locale.ROOT, "%s: must be in [%s, %s%s, was %s", path, fmt(min), fmt(max),
            maxExclusive ? ")" : "]", n));
        return fallback;
      }
      return v;
    }

    double positive(String path, double fallback) {
      double v = number(path, fallback, 0, 1e6, false);
      if (v == 0) {
        problems.add(path + ": must be > 0");
        return fallback;
      }
      return v;
    }

    private static String fmt(double v) {
      return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
  }
}
