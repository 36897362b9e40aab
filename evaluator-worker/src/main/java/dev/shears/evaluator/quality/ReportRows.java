package dev.shears.evaluator.quality;

import dev.shears.report.Measurement;
import dev.shears.report.ModelResult;

/** Turns a {@link ModelReport} into a row of the Table-1 report. */
public final class ReportRows {

  private ReportRows() {}

  /** The report as a labelled result. */
  public static ModelResult of(String label, ModelReport r) {
    return new ModelResult(label, null, null, r.metrics(), r.teacherMetrics(), r.speed().model().medianMs(),
        r.speed().teacher().medianMs(), r.speed().speedup(), r.stats().parameters(), r.teacherStats().parameters(),
        r.encoderSparsity(), r.stats().modelSparsityAgainst(r.teacherStats()), null, Double.NaN,
        r.teacherDifference(), r.speedupInterval(), false, new Measurement(r.examples(), r.speed().batchSize(),
            r.speed().decoding().beams(), r.speed().decoding().maxNewTokens(), r.speed().rounds()));
  }
}
