package dev.shears.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * An experiment spec without sweeps (a resolved trial spec, or an experiment that sweeps nothing), typed: every
 * section with its defaults filled in. Read it with {@link #parse}, which checks it against the same rules the
 * orchestrator applies at submission.
 *
 * @param name the experiment's name
 * @param description free text, or null
 * @param idempotencyKey the key that makes a repeated submit create one experiment, or null
 * @param task {@code task:}
 * @param teacher {@code teacher:}
 * @param method {@code method:} with its section
 * @param training {@code training:}
 * @param trainer {@code trainer:}
 * @param eval {@code eval:}
 * @param resources {@code resources:}
 * @param search {@code search:} early stopping
 * @param maxConcurrentTrials most trials of the experiment placed at once (default unbounded)
 * @param maxAttempts attempts a trial gets before it fails for good (default 3)
 * @param weight the experiment's share of the fleet relative to others (default 1)
 */
public record ExperimentSpec(
    String name,
    String description,
    String idempotencyKey,
    TaskSpec task,
    TeacherSpec teacher,
    MethodSpec method,
    TrainingSpec training,
    TrainerSpec trainer,
    EvalSpec eval,
    ResourcesSpec resources,
    SearchSpec search,
    int maxConcurrentTrials,
    int maxAttempts,
    double weight) {

  /**
   * Validates a spec without sweeps (a resolved trial spec may carry {@code experimentId}, {@code trialId} and
   * {@code trialIndex}) and reads it. Paths are checked for shape only; resolving them is the caller's.
   *
   * @throws InvalidSpecException listing every problem with its field path
   */
  public static ExperimentSpec parse(JsonNode spec) throws InvalidSpecException {
    List<SpecProblem> problems = new ArrayList<>();
    SpecCompiler.checkConcrete(spec, SpecSchema.TRIAL, problems);
    if (!problems.isEmpty()) {
      throw new InvalidSpecException(problems);
    }
    return read(spec);
  }

  /** This spec with {@code task.dataset} and {@code teacher.model} replaced (by the paths a worker resolved). */
  public ExperimentSpec withPaths(String dataset, String teacherModel) {
    return new ExperimentSpec(name, description, idempotencyKey, task.withDataset(dataset),
        teacher.withModel(teacherModel), method, training, trainer, eval, resources, search, maxConcurrentTrials,
        maxAttempts, weight);
  }


  /** Reads a spec {@link SpecSchema} has validated. */
  static ExperimentSpec read(JsonNode spec) {
    ExperimentShare share = ExperimentShare.of(spec);
    return new ExperimentSpec(spec.path("name").asText(), text(spec, "description"), text(spec, "idempotencyKey"),
        TaskSpec.read(spec), TeacherSpec.read(spec), PruningMethods.of(spec.path("method").asText()).read(spec),
        TrainingSpec.read(spec), TrainerSpec.read(spec), EvalSpec.read(spec), ResourcesSpec.read(spec),
        SearchSpec.read(spec),
        share.maxConcurrentTrials(), share.maxAttempts(), share.weight());
  }

  private static String text(JsonNode spec, String field) {
    return spec.hasNonNull(field) ? spec.get(field).asText() : null;
  }
}
