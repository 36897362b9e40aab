package dev.shears.model;

/**
 * Decoding settings, with HF {@code generate} semantics.
 *
 * @param numBeams 1 for greedy search, more for beam search
 * @param maxNewTokens tokens generated after the decoder start token, at most
 * @param lengthPenalty exponent on the generated length a finished beam's log-probability is divided by
 * @param earlyStopping HF's {@code early_stopping}: TRUE stops a batch item once it has {@code
 *     numBeams} finished hypotheses; FALSE stops when the best running beam cannot beat the worst
 *     finished one at the current length; NEVER assumes the best possible length
 * @param forceAllSteps run all {@code maxNewTokens} steps, treating EOS as an ordinary token (what a
 *     speed measurement needs)
 * @param useCache incremental decoding with a KV cache; false recomputes the decoder over the whole
 *     prefix at every step (same tokens, slower)
 */
public record GenerationConfig(
    int numBeams,
    int maxNewTokens,
    double lengthPenalty,
    EarlyStopping earlyStopping,
    boolean forceAllSteps,
    boolean useCache) {

  /** HF's {@code early_stopping} values. */
  public enum EarlyStopping {
    TRUE,
    FALSE,
    NEVER;

    /** Parses true/false/never (case-insensitive). */
    public static EarlyStopping parse(String s) {
      return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "true" -> TRUE;
        case "false" -> FALSE;
        case "never" -> NEVER;
        default -> throw new IllegalArgumentException(
            "earlyStopping: '" + s + "' is not true, false or never");
      };
    }
  }

  /** Validates the settings, naming the bad one. */
  public GenerationConfig {
    if (numBeams < 1) {
      throw new IllegalArgumentException("numBeams: " + numBeams + " must be >= 1");
    }
    if (maxNewTokens < 1) {
      throw new IllegalArgumentException("maxNewTokens: " + maxNewTokens + " must be >= 1");
    }
    if (Double.isNaN(lengthPenalty) || Double.isInfinite(lengthPenalty)) {
      throw new IllegalArgumentException("lengthPenalty: " + lengthPenalty + " must be finite");
    }
    if (earlyStopping == null) {
      throw new IllegalArgumentException("earlyStopping: must be set");
    }
  }

  /** Greedy search for {@code maxNewTokens} tokens, cached. */
  public static GenerationConfig greedy(int maxNewTokens) {
    return new GenerationConfig(1, maxNewTokens, 1.0, EarlyStopping.FALSE, false, true);
  }

  /** Beam search with HF's defaults (length penalty 1, early_stopping false), cached. */
  public static GenerationConfig beam(int numBeams, int maxNewTokens) {
    return new GenerationConfig(numBeams, maxNewTokens, 1.0, EarlyStopping.FALSE, false, true);
  }

  public GenerationConfig withLengthPenalty(double lp) {
    return new GenerationConfig(numBeams, maxNewTokens, lp, earlyStopping, forceAllSteps, useCache);
  }

  public GenerationConfig withEarlyStopping(EarlyStopping es) {
    return new GenerationConfig(numBeams, maxNewTokens, lengthPenalty, es, forceAllSteps, useCache);
  }

  public GenerationConfig withForceAllSteps(boolean force) {
    return new GenerationConfig(numBeams, maxNewTokens, lengthPenalty, earlyStopping, force, useCache);
  }

  public GenerationConfig withUseCache(boolean cache) {
    return new GenerationConfig(numBeams, maxNewTokens, lengthPenalty, earlyStopping, forceAllSteps, cache);
  }
}
