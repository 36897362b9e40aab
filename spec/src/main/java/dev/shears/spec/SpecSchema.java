package dev.shears.spec;

import static dev.shears.spec.Fields.obj;
import static dev.shears.spec.Fields.opt;
import static dev.shears.spec.Fields.req;

import dev.shears.spec.Fields.Entry;
import java.util.List;

/**
 * The experiment spec schema of DESIGN §3: every field, whether it is required, whether it may hold a sweep
 * ({@code grid}, {@code list}, {@code random}, {@code zip}), and its limits. Each section's record declares its
 * own part ({@code TaskSpec.SCHEMA}, {@code NashSpec.SCHEMA}, …) beside its defaults; a method's section comes
 * from {@link PruningMethods}. This is the one place a limit lives: the orchestrator checks submissions and the
 * workers check what they receive against the same rules.
 */
final class SpecSchema {
  /** A submitted experiment spec. */
  static final Rule.Obj ROOT = root(false);
  /** A resolved trial spec: an experiment spec without sweeps plus the trial's ids. */
  static final Rule.Obj TRIAL = root(true);

  private SpecSchema() {}

  private static Rule.Obj root(boolean trial) {
    List<Entry> entries = new java.util.ArrayList<>(List.of(
        req("name", new Rule.Text(200), false),
        opt("description", new Rule.Text(4000), false),
        opt("idempotencyKey", new Rule.Text(200), false),
        req("task", TaskSpec.SCHEMA, false),
        req("teacher", TeacherSpec.SCHEMA, false),
        req("method", new Rule.OneOf(PruningMethods.names()), true)));
    for (PruningMethod m : PruningMethods.all()) {
      entries.add(opt(m.name(), m.section(), false));
    }
    entries.addAll(List.of(
        opt("training", TrainingSpec.SCHEMA, false),
        opt("trainer", TrainerSpec.SCHEMA, false),
        opt("eval", EvalSpec.SCHEMA, false),
        opt("resources", ResourcesSpec.SCHEMA, false),
        opt("search", SearchSpec.SCHEMA, false),
        opt("maxConcurrentTrials", new Rule.Int(1, 1_000_000), false),
        opt("maxAttempts", new Rule.Int(1, 100), false),
        opt("weight", new Rule.Num(0, false, 1000, true), false)));
    if (trial) {
      entries.addAll(List.of(
          opt("experimentId", new Rule.Text(200), false),
          opt("trialId", new Rule.Text(200), false),
          opt("trialIndex", new Rule.Int(0, Integer.MAX_VALUE), false)));
    }
    return obj(entries.toArray(Entry[]::new));
  }

}
