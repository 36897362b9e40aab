package dev.shears.orchestrator.scheduler;

import dev.shears.events.ValidationEvent;
import dev.shears.spec.SearchSpec;
import dev.shears.spec.Stages;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Early stopping (issue: search) decided from validation results alone, in log order, so that a replay of the log
 * reaches the same verdicts: each verdict depends only on the results recorded before it.
 *
 * <p>ASHA (Li et al., "A System for Massively Parallel Hyperparameter Tuning", 2020), the stopping variant that Ray
 * Tune's {@code AsyncHyperBandScheduler} runs: at rung k the cutoff is the {@code (1 − 1/η)} quantile (linear
 * interpolation) of the results recorded at k before this one, in the direction of better; a result worse than the
 * cutoff stops the trial, any other promotes it to the next rung. With no earlier result at a rung there is no
 * cutoff, so the first trials to arrive always go on; a late trial is held to every result recorded before it.
 *
 * <p>Median stopping (Golovin et al., "Google Vizier", 2017): at rung k a trial whose best result so far is worse than
 * the median of the other trials' mean results over rungs 0…k stops, once at least {@link #MEDIAN_MIN_OTHERS}
 * other trials reached rung k (Ray Tune's {@code min_samples_required} default).
 */
final class EarlyStopping {
  static final int MEDIAN_MIN_OTHERS = 3;

  /** A trial that must stop at {@code rung} (reached at {@code step}), with the figures that decided it. */
  record Verdict(int rung, long step, String reason) {}

  private final Map<String, Trial> trials;
  /** Trials with a stop verdict not yet written. */
  private final Set<String> stopping = new LinkedHashSet<>();

  EarlyStopping(Map<String, Trial> trials) {
    this.trials = trials;
  }

  /**
   * A result at the trial's next rung is judged once, in log order; a repeat (a resumed attempt) is not. A result
   * without the search's metric (a trainer that does not measure it) is not judged, so that trial is never stopped:
   * keeping a trial is the error that costs only compute.
   */
  void onValidation(Trial t, ValidationEvent v) {
    if (Stages.FINETUNE_TEACHER.equals(v.stage())) {
      return; // the teacher's own curve: rungs count student steps only
    }
    Experiment x = t.experiment;
    int rung = t.rungValues.size();
    if (t.stopVerdict != null || rung >= x.rungs.size() || v.step() != x.rungs.get(rung)) {
      return;
    }
    double value = x.search.valueOf(v.validationLoss(), v.rougeL());
    if (Double.isNaN(value)) {
      return;
    }
    t.stopVerdict = onResult(x, t, rung, v.step(), value);
    if (t.stopVerdict != null) {
      stopping.add(t.id);
    }
  }

  /** Stops the trials judged and not yet stopped, revoking the placed ones. */
  void decide(List<Decision> out) {
    for (String id : stopping) {
      Trial t = trials.get(id);
      if (t.inFlight() || t.state.terminal()) {
        continue;
      }
      Verdict v = t.stopVerdict;
      t.expected.add("TrialStopped@" + t.attempt);
      out.add(new Decision.Stop(t.id, t.experimentId, t.attempt, v.rung(), v.step(), v.reason(),
          t.state.placed() ? t.workerId : null));
    }
  }

  /** Drops a trial that was stopped or forgotten. */
  void forget(String trialId) {
    stopping.remove(trialId);
  }

  /**
   * Records the trial's result at its next rung and judges it.
   *
   * @return the verdict when the trial must stop, else null (it is promoted)
   */
  static Verdict onResult(Experiment x, Trial t, int rung, long step, double value) {
    while (x.rungResults.size() <= rung) {
      x.rungResults.add(new ArrayList<>());
    }
    List<Double> recorded = x.rungResults.get(rung);
    SearchSpec search = x.search;
    Verdict verdict = switch (search.scheduler()) {
      case ASHA -> asha(search, recorded, rung, step, value);
      case MEDIAN -> median(x, t, rung, step, value);
      case NONE -> null;
    };
    recorded.add(value);
    t.rungValues.add(value);
    return verdict;
  }

  private static Verdict asha(SearchSpec search, List<Double> recorded, int rung, long step, double value) {
    if (recorded.isEmpty()) {
      return null;
    }
    // The best 1/η of the results lie beyond the (1 − 1/η) quantile of their "goodness".
    double keep = 1.0 / search.reductionFactor();
    double cutoff = quantile(recorded, search.mode() == SearchSpec.Mode.MIN ? keep : 1 - keep);
    if (!search.better(cutoff, value)) {
      return null;
    }
    return new Verdict(rung, step, String.format(Locale.ROOT,
        "asha: %s %.4g at step %d is outside the best 1/%d of the %d earlier results at this rung (cutoff %.4g)",
        search.metric(), value, step, search.reductionFactor(), recorded.size(), cutoff));
  }

  private static Verdict median(Experiment x, Trial t, int rung, long step, double value) {
    SearchSpec search = x.search;
    List<Double> means = new ArrayList<>();
    for (Trial other : x.trials) {
      if (other != t && other.rungValues.size() > rung) {
        double sum = 0;
        for (int k = 0; k <= rung; k++) {
          sum += other.rungValues.get(k);
        }
        means.add(sum / (rung + 1));
      }
    }
    if (means.size() < MEDIAN_MIN_OTHERS) {
      return null;
    }
    double best = value;
    for (double v : t.rungValues) {
      best = search.better(v, best) ? v : best;
    }
    double median = quantile(means, 0.5);
    if (!search.better(median, best)) {
      return null;
    }
    return new Verdict(rung, step, String.format(Locale.ROOT,
        "median: best %s %.4g by step %d is worse than the median %.4g of %d other trials' means",
        search.metric(), best, step, median, means.size()));
  }

  /** The q-quantile of {@code values} with linear interpolation between order statistics (numpy's default). */
  static double quantile(List<Double> values, double q) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    double pos = q * (sorted.size() - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.size() - 1);
    return sorted.get(lo) + (pos - lo) * (sorted.get(hi) - sorted.get(lo));
  }
}
