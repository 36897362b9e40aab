package dev.shears.evaluator.worker;

import static java.util.Objects.requireNonNull;

/**
 * What is evaluated exactly once: one trial's export with one content hash.
 *
 * @param trialId the trial
 * @param sha256  the export's manifest sha256
 */
public record EvaluationKey(String trialId, String sha256) {
  /** Validates. */
  public EvaluationKey {
    requireNonNull(trialId, "trialId");
    requireNonNull(sha256, "sha256");
  }
}
