package dev.shears.spec;

import static dev.shears.spec.Fields.obj;
import static dev.shears.spec.Fields.opt;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code eval:} how exports are measured; absent fields take the paper's values.
 *
 * @param beam beam width (default 4)
 * @param batchSize examples per generate call (default 32)
 * @param maxNewTokens generated tokens at most (default 32)
 * @param stem whether ROUGE stems tokens (default false)
 * @param speedupPrecision interleaved timing goes on until the speed-up's 95 % interval has a half-width of at most
 *     this fraction of the speed-up (default 0.05; 0 always runs {@code maxTimingRounds})
 * @param maxTimingRounds the cap on timed rounds, reached or not (default 60)
 */
public record EvalSpec(int beam, int batchSize, int maxNewTokens, boolean stem, double speedupPrecision,
    int maxTimingRounds) {
  static final Rule.Obj SCHEMA = obj(
      opt("beam", new Rule.Int(1, 64), true),
      opt("batchSize", new Rule.Int(1, 65_536), true),
      opt("maxNewTokens", new Rule.Int(1, 4096), true),
      opt("stem", new Rule.Bool(), true),
      opt("speedupPrecision", new Rule.Num(0, true, 1, true), true),
      opt("maxTimingRounds", new Rule.Int(1, 10_000), true));

  static EvalSpec read(JsonNode root) {
    Section s = Section.of(root, "eval");
    return new EvalSpec(s.integer("beam", 4), s.integer("batchSize", 32), s.integer("maxNewTokens", 32),
        s.bool("stem", false), s.number("speedupPrecision", 0.05), s.integer("maxTimingRounds", 60));
  }
}
