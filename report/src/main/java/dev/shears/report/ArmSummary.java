package dev.shears.report;

import dev.shears.report.stats.MeanSd;
import dev.shears.report.stats.Verdict;
import java.util.List;

/**
 * The rows of one arm (trials equal but for their seed), summarised across seeds.
 *
 * @param arm             the arm's label
 * @param trialIds        its trials, one per seed
 * @param quality         the primary metric, mean ± sd across seeds
 * @param retainedPercent quality retained against the teacher, mean ± sd
 * @param speedup         speed-up, mean ± sd
 * @param encoderSparsity measured encoder sparsity, mean ± sd
 * @param modelSparsity   measured whole-model sparsity (prunable weights of encoder and decoder), mean ± sd; NaN
 *                        when an evaluation lacks it
 * @param missedTargets   how many of its exports missed their sparsity target
 * @param claim           the claim over every seed: met only when each seed's interval clears the thresholds; null
 *                        for a control, which the claim does not apply to
 */
public record ArmSummary(String arm, List<String> trialIds, MeanSd quality, MeanSd retainedPercent, MeanSd speedup,
    MeanSd encoderSparsity, MeanSd modelSparsity, int missedTargets, Verdict claim) {

  /** Copies. */
  public ArmSummary {
    trialIds = List.copyOf(trialIds);
  }

  /** Number of seeds. */
  public int seeds() {
    return trialIds.size();
  }
}
