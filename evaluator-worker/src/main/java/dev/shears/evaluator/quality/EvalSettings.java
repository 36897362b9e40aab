package dev.shears.evaluator.quality;

import dev.shears.evaluator.speed.Decoding;
import dev.shears.evaluator.speed.TimingStop;
import java.util.List;

/**
 * How exports are evaluated (the spec's {@code eval} block plus measurement settings).
 *
 * @param batchSize     examples per generation batch, and the size of the timed batch (paper: 32)
 * @param beams         beam width (paper: 4)
 * @param maxNewTokens  new tokens per sequence; the timed batch runs all of them
 * @param warmupRuns    untimed runs of each model before timing
 * @param timedRuns     timed runs of each model at least (≥ 5)
 * @param metrics       metric families: rouge, meteor, squad, accuracy
 * @param stem          Porter stemming for ROUGE
 * @param bootstrapSeed seed of the 95% bootstrap intervals
 * @param timing        when timing stops past {@code timedRuns} rounds
 */
public record EvalSettings(int batchSize, int beams, int maxNewTokens, int warmupRuns, int timedRuns,
    List<String> metrics, boolean stem, long bootstrapSeed, TimingStop timing) {

  /** Settings timing exactly {@code timedRuns} rounds. */
  public EvalSettings(int batchSize, int beams, int maxNewTokens, int warmupRuns, int timedRuns,
      List<String> metrics, boolean stem, long bootstrapSeed) {
    this(batchSize, beams, maxNewTokens, warmupRuns, timedRuns, metrics, stem, bootstrapSeed,
        TimingStop.fixed(Math.max(1, timedRuns)));
  }

  /** Validates. */
  public EvalSettings {
    if (batchSize < 1) {
      throw new IllegalArgumentException("Invalid value " + batchSize + " for eval.batchSize: must be >= 1");
    }
    if (timedRuns < 1 || warmupRuns < 0) {
      throw new IllegalArgumentException("Invalid eval.timedRuns " + timedRuns + " or eval.warmupRuns " + warmupRuns
          + ": need timedRuns >= 1, warmupRuns >= 0");
    }
    metrics = List.copyOf(metrics);
    java.util.Objects.requireNonNull(timing, "timing");
    new Decoding(beams, maxNewTokens, true);
  }

  /** The paper's measurement: batch 32, beam 4, 32 new tokens, 2 warm-up and 5 timed runs, ROUGE. */
  public static EvalSettings paperDefaults() {
    return new EvalSettings(32, 4, 32, 2, 5, List.of("rouge"), false, 0);
  }

  /** Decoding for quality: stop at end-of-sequence. */
  public Decoding qualityDecoding() {
    return new Decoding(beams, maxNewTokens, false);
  }

  /** Decoding for timing: every step runs. */
  public Decoding speedDecoding() {
    return new Decoding(beams, maxNewTokens, true);
  }

  /** What a cached teacher result depends on. */
  public String cacheKey() {
    return batchSize + "/" + beams + "/" + maxNewTokens + "/" + metrics + "/" + stem + "/" + bootstrapSeed;
  }
}
