package dev.shears.spec;

import static dev.shears.spec.Fields.obj;
import static dev.shears.spec.Fields.opt;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code search:} early stopping of an experiment's trials on their validation results. Trainers validate at the
 * rungs {@code gracePeriod · reductionFactor^k} below {@code maxSteps} (steps of the student stages: prune, then
 * fine-tune), and the orchestrator stops trials from those results alone: {@code asha} keeps the best
 * {@code 1/reductionFactor} of the results at each rung (asynchronous successive halving), {@code median} stops a
 * trial whose best result is worse than the median of the other trials' mean results up to the same rung.
 *
 * @param scheduler asha, median or none (default none)
 * @param metric the validation result compared: {@code validationLoss} (label cross-entropy, the default) or
 *     {@code rougeL} (ROUGE-L F1 of greedy generation), both on the trainer's fixed validation subset
 * @param mode min or max: which direction is better (default: min for validationLoss, max for rougeL)
 * @param gracePeriod the first rung, in steps: no trial is stopped before it (default 100)
 * @param reductionFactor η: ASHA keeps 1/η per rung, and rungs are η times apart (default 3)
 * @param maxSteps the trial's full length in the same steps; no rung at or above it (required with a scheduler)
 */
public record SearchSpec(Scheduler scheduler, String metric, Mode mode, long gracePeriod, int reductionFactor,
    long maxSteps) {
  /** The early-stopping rules. */
  public enum Scheduler { ASHA, MEDIAN, NONE }

  /** Which direction of the metric is better. */
  public enum Mode { MIN, MAX }

  /** Mean label cross-entropy on the validation subset; lower is better. */
  public static final String VALIDATION_LOSS = "validationLoss";
  /** ROUGE-L F1 of greedy generation on the validation subset; higher is better. */
  public static final String ROUGE_L = "rougeL";
  /** Metrics trainers report at rungs. */
  public static final Set<String> METRICS = Set.of(VALIDATION_LOSS, ROUGE_L);
  /** No early stopping. */
  public static final SearchSpec NONE = new SearchSpec(Scheduler.NONE, "validationLoss", Mode.MIN, 100, 3, 0);

  static final Rule.Obj SCHEMA = obj(
      opt("scheduler", new Rule.OneOf(Set.of("asha", "median", "none")), false),
      opt("metric", new Rule.OneOf(METRICS), false),
      opt("mode", new Rule.OneOf(Set.of("min", "max")), false),
      opt("gracePeriod", new Rule.Int(1, 100_000_000), false),
      opt("reductionFactor", new Rule.Int(2, Long.MAX_VALUE), false),
      opt("maxSteps", new Rule.Int(1, 100_000_000), false));

  public SearchSpec {
    if (reductionFactor < 2) {
      throw new IllegalArgumentException("search.reductionFactor: must be >= 2, was " + reductionFactor);
    }
  }

  /** Reads {@code search:} of a spec {@link SpecSchema} has validated (absent: {@link #NONE}). */
  public static SearchSpec read(JsonNode root) {
    Section s = Section.of(root, "search");
    String metric = s.text("metric", VALIDATION_LOSS);
    return new SearchSpec(Scheduler.valueOf(s.text("scheduler", "none").toUpperCase(Locale.ROOT)), metric,
        Mode.valueOf(s.text("mode", naturalMode(metric)).toUpperCase(Locale.ROOT)),
        s.longValue("gracePeriod", 100), s.integer("reductionFactor", 3), s.longValue("maxSteps", 0));
  }

  /** Whether trials are stopped early at all. */
  public boolean enabled() {
    return scheduler != Scheduler.NONE;
  }

  /** The rung steps, ascending: {@code gracePeriod · η^k < maxSteps}; empty without a scheduler. */
  public List<Long> rungs() {
    List<Long> out = new ArrayList<>();
    if (!enabled()) {
      return out;
    }
    for (long r = gracePeriod; r < maxSteps; r = Math.multiplyExact(r, reductionFactor)) {
      out.add(r);
      if (r > Long.MAX_VALUE / reductionFactor) {
        break;
      }
    }
    return out;
  }

  /** The direction in which {@code metric} improves: min for a loss, max for a score. */
  static String naturalMode(String metric) {
    return metric.equals(ROUGE_L) ? "max" : "min";
  }

  /**
   * The value of this search's metric in a rung result, or NaN when the trainer did not measure it.
   *
   * @param validationLoss the result's validation loss
   * @param rougeL the result's ROUGE-L, or null
   */
  public double valueOf(double validationLoss, Double rougeL) {
    if (metric.equals(ROUGE_L)) {
      return rougeL == null ? Double.NaN : rougeL;
    }
    return validationLoss;
  }

  /** Whether {@code a} is a better result than {@code b}. */
  public boolean better(double a, double b) {
    return mode == Mode.MIN ? a < b : a > b;
  }

  /** Cross-field rules of {@code search:}; {@code search} is the section as submitted (sweeps not allowed in it). */
  static void check(JsonNode search, List<SpecProblem> problems) {
    if (search == null || !search.isObject()) {
      return;
    }
    String scheduler = search.path("scheduler").asText("none");
    JsonNode maxSteps = search.get("maxSteps");
    JsonNode grace = search.get("gracePeriod");
    if (!scheduler.equals("none") && (maxSteps == null || maxSteps.isNull())) {
      problems.add(new SpecProblem("search.maxSteps", "is required when search.scheduler is " + scheduler
          + ": give the trials' length in student steps (prune plus fine-tune)"));
    }
    long graceSteps = grace != null && grace.canConvertToLong() ? grace.asLong() : 100;
    if (maxSteps != null && maxSteps.canConvertToLong() && graceSteps >= maxSteps.asLong()) {
      problems.add(new SpecProblem("search.gracePeriod", "must be < search.maxSteps (" + maxSteps.asLong()
          + "), was " + graceSteps + ": no rung would lie below the end of a trial"));
    }
    String metric = search.path("metric").asText(VALIDATION_LOSS);
    String natural = naturalMode(metric);
    String mode = search.path("mode").asText(natural);
    if (METRICS.contains(metric) && !mode.equals(natural)) {
      problems.add(new SpecProblem("search.mode", "must be " + natural + " for " + metric + " ("
          + (natural.equals("min") ? "lower" : "higher") + " is better); " + mode
          + " would keep the worst trials"));
    }
  }
}
