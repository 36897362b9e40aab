package dev.shears.trainer.spec;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.spec.ExperimentSpec;
import dev.shears.spec.InvalidSpecException;
import dev.shears.spec.MethodSpec;
import dev.shears.spec.SpecProblem;
import dev.shears.spec.TeacherSpec;
import dev.shears.spec.TrainerSpec;
import dev.shears.spec.TrainingSpec;

/**
 * The resolved trial spec (DESIGN §3 with every sweep replaced by one value, plus {@code experimentId},
 * {@code trialId}, {@code trialIndex}) as the trainer runs it: the typed {@link ExperimentSpec}, read and checked
 * by the {@code spec} module against the rules the orchestrator applied at submission, and the trial's ids.
 *
 * @param experimentId experiment
 * @param trialId trial
 * @param trialIndex index within the experiment
 * @param experiment the typed spec
 * @param source the resolved spec as it came, for the export's model card (paths as this worker resolved them)
 */
public record TrialSpec(
    String experimentId, String trialId, int trialIndex, ExperimentSpec experiment, JsonNode source) {
  public TrialSpec {
    requireNonNull(experiment, "experiment");
    requireNonNull(source, "source");
  }

  /** Reads and validates a resolved spec; throws {@link TrialSpecException} listing every problem. */
  public static TrialSpec parse(JsonNode spec) {
    ExperimentSpec typed;
    try {
      typed = ExperimentSpec.parse(spec);
    } catch (InvalidSpecException e) {
      throw new TrialSpecException(e.problems().stream().map(SpecProblem::toString).toList());
    }
    return new TrialSpec(text(spec, "experimentId"), text(spec, "trialId"), spec.path("trialIndex").asInt(0), typed,
        spec.deepCopy());
  }

  private static String text(JsonNode spec, String field) {
    return spec.hasNonNull(field) ? spec.get(field).asText() : null;
  }

  /** This spec with its dataset and teacher paths replaced (by the paths this worker resolved them to). */
  public TrialSpec withPaths(String dataset, String teacherModel) {
    ObjectNode resolved = source.deepCopy();
    if (dataset != null) {
      resolved.withObjectProperty("task").put("dataset", dataset);
    }
    if (teacherModel != null) {
      resolved.withObjectProperty("teacher").put("model", teacherModel);
    }
    return new TrialSpec(experimentId, trialId, trialIndex, experiment.withPaths(dataset, teacherModel), resolved);
  }


  /** The method and its settings. */
  public MethodSpec method() {
    return experiment.method();
  }

  /**
   * The method's settings as the capability {@code stage} needs (see {@link MethodSpec}).
   *
   * @throws IllegalArgumentException when the trial's method has no such settings, so cannot run {@code stage}
   */
  public <T> T requires(Class<T> capability, String stage) {
    if (capability.isInstance(method())) {
      return capability.cast(method());
    }
    throw new IllegalArgumentException("method: " + methodName() + " cannot run stage " + stage + ": it has no "
        + capability.getSimpleName() + " settings");
  }

  /** The method's name, for messages. */
  public String methodName() {
    return experiment.method().method().name();
  }

  /** {@code task.dataset}: builtin:… or a JSONL path. */
  public String dataset() {
    return experiment.task().dataset();
  }

  /** {@code task.inputField}. */
  public String inputField() {
    return experiment.task().inputField();
  }

  /** {@code task.targetField}. */
  public String targetField() {
    return experiment.task().targetField();
  }

  /** {@code teacher.model}: builtin:tiny-t5 or a local HF directory. */
  public String teacherModel() {
    return experiment.teacher().model();
  }

  /** Whether the teacher is already fine-tuned (finetune-teacher does nothing). */
  public boolean teacherFinetuned() {
    return experiment.teacher().finetuned();
  }

  /** Whether finetune-teacher may reuse a teacher fine-tuned earlier from the same inputs. */
  public boolean teacherReuse() {
    return experiment.teacher().reuse();
  }

  /** Teacher fine-tuning steps. */
  public int teacherSteps() {
    return experiment.teacher().finetuneSteps();
  }

  /** Teacher fine-tuning learning rate. */
  public double teacherLr() {
    return experiment.teacher().finetuneLr();
  }

  /** Teacher fine-tuning warm-up steps (linear, up to {@link #teacherLr()}). */
  public int teacherWarmupSteps() {
    return experiment.teacher().finetuneWarmupSteps();
  }

  /** Periodic validation of teacher fine-tuning and its plateau rule. */
  public TeacherSpec.Validation teacherValidation() {
    return experiment.teacher().validation();
  }

  /** The main training stage's schedule and the seed. */
  public TrainingSpec training() {
    return experiment.training();
  }

  /** Trainer-only knobs. */
  public TrainerSpec trainer() {
    return experiment.trainer();
  }
}
