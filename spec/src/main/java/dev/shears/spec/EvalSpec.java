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
 */
public record EvalSpec(int beam, int batchSize, int maxNewTokens, boolean stem) {
  static final Rule.Obj SCHEMA = obj(
      opt("beam", new Rule.Int(1, 64), true),
      opt("batchSize", new Rule.Int(1, 65_536), true),
      opt("maxNewTokens", new Rule.Int(1, 4096), true),
      opt("stem", new Rule.Bool(), true));

  static EvalSpec read(JsonNode root) {
    Section s = Section.of(root, "eval");
    return new EvalSpec(s.integer("beam", 4), s.integer("batchSize", 32), s.integer("maxNewTokens", 32),
        s.bool("stem", false));
  }
}
