package dev.shears.spec;

import static dev.shears.spec.Fields.COUNT;
import static dev.shears.spec.Fields.LR;
import static dev.shears.spec.Fields.SEED;
import static dev.shears.spec.Fields.obj;
import static dev.shears.spec.Fields.opt;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code training:} the schedule of a method's main training stage, and the seed of every random choice in a trial.
 *
 * @param steps steps (default 1500)
 * @param lr peak model learning rate (default 3e-5)
 * @param batchSize examples per step (default 4)
 * @param seed seed (default 1)
 */
public record TrainingSpec(int steps, double lr, int batchSize, long seed) {
  static final Rule.Obj SCHEMA = obj(
      opt("steps", COUNT, true),
      opt("lr", LR, true),
      opt("batchSize", new Rule.Int(1, 65_536), true),
      opt("seed", SEED, true));

  static TrainingSpec read(JsonNode root) {
    Section s = Section.of(root, "training");
    return new TrainingSpec(s.integer("steps", 1500), s.number("lr", 3e-5), s.integer("batchSize", 4),
        s.longValue("seed", 1));
  }
}
