package dev.shears.report.stats;

/** Whether a measured quantity meets a threshold, judged on its confidence interval rather than its estimate. */
public enum Verdict {
  /** The whole interval clears the threshold. */
  MET("met"),
  /** The whole interval falls short of it. */
  NOT_MET("not met"),
  /** The interval straddles the threshold: the data cannot tell. */
  INCONCLUSIVE("inconclusive"),
  /** No interval was measured. */
  UNKNOWN("no CI");

  private final String label;

  Verdict(String label) {
    this.label = label;
  }

  /** How reports print it. */
  public String label() {
    return label;
  }

  /**
   * Both parts of a claim: not met when either part is not met; otherwise unknown when either is unknown,
   * inconclusive when either is inconclusive, and met only when both are.
   */
  public Verdict and(Verdict other) {
    for (Verdict v : new Verdict[] {NOT_MET, UNKNOWN, INCONCLUSIVE}) {
      if (this == v || other == v) {
        return v;
      }
    }
    return MET;
  }
}
