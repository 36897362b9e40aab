package dev.shears.spec;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Reads, validates and expands experiment specs (DESIGN §3). Validation reports every problem at once, each
 * with its field path; nothing is expanded from an invalid spec.
 *
 * <p>Sweeps replace a value by one of:
 * <ul>
 *   <li>{@code {grid: [a, b]}} or {@code {list: [a, b]}}: an axis of the Cartesian product (synonyms);
 *   <li>{@code {random: {count: n, seed: s, min: x, max: y, log: true}}} or
 *       {@code {random: {count: n, seed: s, values: [a, b]}}}: an axis of n values drawn reproducibly from seed s
 *       (integers for integer fields, log-uniform with {@code log});
 *   <li>{@code {zip: [a, b]}}: every zip axis of the spec advances together, as one axis of the product, so all
 *       zip axes must have the same length.
 * </ul>
 * Trials enumerate the product with the first axis (in document order) varying slowest. Thread-safe.
 */
public final class SpecCompiler {
  private static final List<String> SWEEP_KINDS = List.of("grid", "list", "random", "zip");

  private final SpecLimits limits;
  private final SpecReader reader;
  private final PathResolver paths;

  /**
   * A compiler within {@code limits} that resolves every dataset and model path through {@code paths}, so that the
   * trials carry absolute paths.
   */
  public SpecCompiler(SpecLimits limits, PathResolver paths) {
    this.limits = limits;
    this.reader = new SpecReader(limits);
    this.paths = requireNonNull(paths, "paths");
  }

  private SpecCompiler(SpecLimits limits) {
    this.limits = limits;
    this.reader = new SpecReader(limits);
    this.paths = null;
  }

  /**
   * Checks a spec that may not hold sweeps against {@code rule}; paths are checked for shape, not resolved. The
   * submission-only rule that a dataset file names its fields is not applied: a trial reads {@code input} and
   * {@code target} then.
   */
  static void checkConcrete(JsonNode spec, Rule.Obj rule, List<SpecProblem> problems) {
    if (spec == null || !spec.isObject()) {
      problems.add(new SpecProblem("$", "the spec must be an object"));
      return;
    }
    new SpecCompiler(SpecLimits.DEFAULT).walk((ObjectNode) spec.deepCopy(), rule, "", problems, null);
  }

  /** Parses and compiles a document; {@code hint} is a media type or file name, or null. */
  public ExperimentPlan compile(byte[] body, String hint) throws InvalidSpecException {
    return compile(reader.read(body, hint));
  }

  /** Validates and expands an already parsed spec. */
  public ExperimentPlan compile(JsonNode root) throws InvalidSpecException {
    if (root == null || !root.isObject()) {
      throw new InvalidSpecException("$", "the spec must be an object");
    }
    ObjectNode spec = (ObjectNode) root.deepCopy();
    List<SpecProblem> problems = new ArrayList<>();
    List<SweepExpansion.Axis> axes = new ArrayList<>();
    walk(spec, SpecSchema.ROOT, "", problems, axes);
    crossChecks(spec, problems);
    List<List<SweepExpansion.Axis>> dims = SweepExpansion.dimensions(axes, problems);
    long total = 1;
    for (List<SweepExpansion.Axis> dim : dims) {
      total *= dim.get(0).values().size();
      if (total > limits.maxTrials()) {
        break;
      }
    }
    if (total > limits.maxTrials()) {
      problems.add(new SpecProblem("$", "the sweeps expand to more than " + limits.maxTrials()
          + " trials; split the experiment or narrow the sweeps"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidSpecException(problems);
    }
    List<TrialPlan> trials = SweepExpansion.expand(spec, dims, (int) total);
    ExperimentShare share = ExperimentShare.of(spec);
    return new ExperimentPlan(
        spec.get("name").asText(),
        spec.hasNonNull("idempotencyKey") ? spec.get("idempotencyKey").asText() : null,
        spec,
        share.weight(),
        share.maxConcurrentTrials(),
        share.maxAttempts(),
        trials);
  }

  /** One swept field and its values. */

  private void walk(ObjectNode node, Rule.Obj rule, String path, List<SpecProblem> problems,
      List<SweepExpansion.Axis> axes) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      if (!rule.fields().containsKey(name)) {
        problems.add(new SpecProblem(join(path, name), "unknown field; allowed here: " + rule.fields().keySet()));
      }
    }
    rule.fields().forEach((name, field) -> {
      String at = join(path, name);
      JsonNode value = node.get(name);
      if (value == null) {
        if (field.required()) {
          problems.add(new SpecProblem(at, "is required"));
        }
        return;
      }
      if (field.rule() instanceof Rule.Obj child) {
        String wrong = child.check(value);
        if (wrong != null) {
          problems.add(new SpecProblem(at, wrong));
        } else {
          walk((ObjectNode) value, child, at, problems, axes);
        }
        return;
      }
      if (value.isObject()) {
        if (axes == null) {
          problems.add(new SpecProblem(at, "must be one value (sweeps are resolved before a trial runs), was an "
              + "object"));
          return;
        }
        if (!field.sweepable()) {
          problems.add(new SpecProblem(at, "cannot be swept; give a single value"));
          return;
        }
        SweepExpansion.Axis axis = sweep(at, (ObjectNode) value, field.rule(), problems);
        if (axis != null) {
          axes.add(axis);
        }
        return;
      }
      JsonNode checked = checkValue(field.rule(), value, at, problems);
      if (checked != null && checked != value) {
        node.set(name, checked);
      }
    });
  }

  /** Checks one concrete value; returns it (a location resolved to its absolute path), or null if invalid. */
  private JsonNode checkValue(Rule rule, JsonNode value, String at, List<SpecProblem> problems) {
    String wrong = rule.check(value);
    if (wrong != null) {
      problems.add(new SpecProblem(at, wrong));
      return null;
    }
    if (paths != null && rule instanceof Rule.Location location && !value.asText().startsWith("builtin:")) {
      try {
        return TextNode.valueOf(paths.resolve(location.kind(), value.asText()).toString());
      } catch (IllegalArgumentException e) {
        problems.add(new SpecProblem(at, e.getMessage()));
        return null;
      }
    }
    return value;
  }

  private SweepExpansion.Axis sweep(String at, ObjectNode sweep, Rule rule, List<SpecProblem> problems) {
    List<String> keys = new ArrayList<>();
    sweep.fieldNames().forEachRemaining(keys::add);
    if (keys.size() != 1 || !SWEEP_KINDS.contains(keys.get(0))) {
      problems.add(new SpecProblem(at, "must be a single value or a sweep with exactly one of " + SWEEP_KINDS
          + ", found fields " + keys));
      return null;
    }
    String kind = keys.get(0);
    String sweepPath = at + "." + kind;
    JsonNode body = sweep.get(kind);
    List<JsonNode> values = kind.equals("random")
        ? random(sweepPath, body, rule, problems)
        : listed(sweepPath, body, rule, !kind.equals("zip"), problems);
    return values == null ? null : new SweepExpansion.Axis(at, List.of(at.split("\\.")), kind, values);
  }

  /**
   * The values of a grid/list/zip body. A repeated value of a grid or list axis would create identical trials; a zip
   * axis may repeat values, and its rows are checked together in {@link #dimensions}.
   */
  private List<JsonNode> listed(String at, JsonNode body, Rule rule, boolean distinct, List<SpecProblem> problems) {
    if (!body.isArray()) {
      problems.add(new SpecProblem(at, "must be an array of values, was " + Rule.describe(body)));
      return null;
    }
    if (body.isEmpty()) {
      problems.add(new SpecProblem(at, "must not be empty"));
      return null;
    }
    if (body.size() > limits.maxTrials()) {
      problems.add(new SpecProblem(at, "has " + body.size() + " values, above the limit of " + limits.maxTrials()));
      return null;
    }
    List<JsonNode> values = new ArrayList<>();
    int before = problems.size();
    for (int i = 0; i < body.size(); i++) {
      JsonNode item = body.get(i);
      String itemPath = at + "[" + i + "]";
      if (item.isContainerNode()) {
        problems.add(new SpecProblem(itemPath, "sweep values must be plain values, was " + Rule.describe(item)));
        continue;
      }
      JsonNode checked = checkValue(rule, item, itemPath, problems);
      if (checked != null) {
        if (distinct && values.contains(checked)) {
          problems.add(new SpecProblem(itemPath, "duplicate value " + checked + " would create identical trials"));
        }
        values.add(checked);
      }
    }
    return problems.size() == before ? values : null;
  }

  private List<JsonNode> random(String at, JsonNode body, Rule rule, List<SpecProblem> problems) {
    if (!body.isObject()) {
      problems.add(new SpecProblem(at, "must be an object {count, seed, min, max[, log]} or {count, seed, values}"));
      return null;
    }
    int before = problems.size();
    List<String> allowed = List.of("count", "seed", "min", "max", "log", "values");
    body.fieldNames().forEachRemaining(f -> {
      if (!allowed.contains(f)) {
        problems.add(new SpecProblem(at + "." + f, "unknown field; allowed here: " + allowed));
      }
    });
    JsonNode count = body.get("count");
    if (count == null) {
      problems.add(new SpecProblem(at + ".count", "is required"));
    } else {
      String wrong = new Rule.Int(1, limits.maxTrials()).check(count);
      if (wrong != null) {
        problems.add(new SpecProblem(at + ".count", wrong));
      }
    }
    JsonNode seed = body.get("seed");
    if (seed != null) {
      String wrong = new Rule.Int(0, Long.MAX_VALUE).check(seed);
      if (wrong != null) {
        problems.add(new SpecProblem(at + ".seed", wrong));
      }
    }
    boolean log = false;
    if (body.has("log")) {
      String wrong = new Rule.Bool().check(body.get("log"));
      if (wrong != null) {
        problems.add(new SpecProblem(at + ".log", wrong));
      } else {
        log = body.get("log").asBoolean();
      }
    }
    List<JsonNode> choices = null;
    if (body.has("values")) {
      if (body.has("min") || body.has("max")) {
        problems.add(new SpecProblem(at, "give either values or min and max, not both"));
      }
      choices = listed(at + ".values", body.get("values"), rule, true, problems);
    } else if (!(rule instanceof Rule.Int) && !(rule instanceof Rule.Num)) {
      problems.add(new SpecProblem(at + ".values", "is required: this field is not numeric, so draw from values"));
    } else {
      for (String bound : List.of("min", "max")) {
        if (!body.has(bound)) {
          problems.add(new SpecProblem(at + "." + bound, "is required (or give values)"));
        } else {
          checkValue(rule, body.get(bound), at + "." + bound, problems);
        }
      }
      if (problems.size() == before) {
        double min = body.get("min").asDouble();
        double max = body.get("max").asDouble();
        if (min > max) {
          problems.add(new SpecProblem(at + ".min", "must be <= max (" + body.get("max").asText() + "), was "
              + body.get("min").asText()));
        }
        if (log && min <= 0) {
          problems.add(new SpecProblem(at + ".min", "must be > 0 for a log-uniform draw, was " + body.get("min").asText()));
        }
      }
    }
    if (problems.size() != before) {
      return null;
    }
    SplittableRandom rng = new SplittableRandom(seed == null ? 0L : seed.asLong());
    int n = count.asInt();
    List<JsonNode> values = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (choices != null) {
        values.add(choices.get(rng.nextInt(choices.size())));
      } else if (rule instanceof Rule.Int) {
        long min = body.get("min").asLong();
        long max = body.get("max").asLong();
        values.add(com.fasterxml.jackson.databind.node.LongNode.valueOf(
            max == Long.MAX_VALUE ? min + (long) (rng.nextDouble() * (max - min)) : rng.nextLong(min, max + 1)));
      } else {
        double min = body.get("min").asDouble();
        double max = body.get("max").asDouble();
        double u = rng.nextDouble();
        double v = log ? Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min))) : min + u * (max - min);
        values.add(com.fasterxml.jackson.databind.node.DoubleNode.valueOf(v));
      }
    }
    return values;
  }

  private static void crossChecks(ObjectNode spec, List<SpecProblem> problems) {
    SearchSpec.check(spec.get("search"), problems);
    JsonNode task = spec.get("task");
    if (task != null && task.isObject()) {
      JsonNode dataset = task.get("dataset");
      boolean file = dataset != null && !(dataset.isTextual() && dataset.asText().startsWith("builtin:"));
      if (file) {
        for (String f : List.of("inputField", "targetField")) {
          if (!task.has(f)) {
            problems.add(new SpecProblem("task." + f, "is required when task.dataset is a file"));
          }
        }
      }
    }
    JsonNode finetune = spec.path("teacher").path("finetune");
    JsonNode warmup = finetune.path("warmupSteps");
    if (warmup.isInt() && warmup.asInt() > finetune.path("steps").asInt(0)) {
      problems.add(new SpecProblem("teacher.finetune.warmupSteps", warmup.asInt() + " exceeds teacher.finetune.steps ("
          + finetune.path("steps").asInt(0) + ")"));
    }
    JsonNode validateEvery = finetune.path("validateEvery");
    if (validateEvery.isInt() && validateEvery.asInt() > finetune.path("steps").asInt(0)) {
      problems.add(new SpecProblem("teacher.finetune.validateEvery", validateEvery.asInt()
          + " exceeds teacher.finetune.steps (" + finetune.path("steps").asInt(0) + "): no validation would run"));
    }
    JsonNode patience = finetune.path("patience");
    if (patience.isInt() && patience.asInt() > 0 && validateEvery.asInt(0) < 1) {
      problems.add(new SpecProblem("teacher.finetune.patience", patience.asInt()
          + " needs teacher.finetune.validateEvery >= 1: a plateau is counted in periodic validations"));
    }
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
