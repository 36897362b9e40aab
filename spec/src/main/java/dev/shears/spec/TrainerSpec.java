package dev.shears.spec;

import static dev.shears.spec.Fields.COUNT;
import static dev.shears.spec.Fields.STEPS;
import static dev.shears.spec.Fields.obj;
import static dev.shears.spec.Fields.opt;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code trainer:} trainer-only knobs, all optional.
 *
 * @param checkpointEvery periodic checkpoint interval in steps, 0 = stage ends only (default 100)
 * @param lossEvery LossEvent interval (default 1)
 * @param maskEvery MaskEvent and LagrangianEvent interval (default 10)
 * @param validateEvery validation interval of finetune-pruned (default 100)
 * @param validationBatches batches per validation (default 4)
 * @param maxSourceLength encoder input truncation (default 64)
 * @param maxTargetLength target truncation (default 32)
 */
public record TrainerSpec(int checkpointEvery, int lossEvery, int maskEvery, int validateEvery,
    int validationBatches, int maxSourceLength, int maxTargetLength) {
  static final Rule.Obj SCHEMA = obj(
      opt("checkpointEvery", STEPS, true),
      opt("lossEvery", new Rule.Int(1, 100_000), true),
      opt("maskEvery", new Rule.Int(1, 100_000), true),
      opt("validateEvery", COUNT, true),
      opt("validationBatches", new Rule.Int(1, 100_000), true),
      opt("maxSourceLength", new Rule.Int(2, 65_536), true),
      opt("maxTargetLength", new Rule.Int(2, 65_536), true));

  static TrainerSpec read(JsonNode root) {
    Section s = Section.of(root, "trainer");
    return new TrainerSpec(s.integer("checkpointEvery", 100), s.integer("lossEvery", 1), s.integer("maskEvery", 10),
        s.integer("validateEvery", 100), s.integer("validationBatches", 4), s.integer("maxSourceLength", 64),
        s.integer("maxTargetLength", 32));
  }
}
