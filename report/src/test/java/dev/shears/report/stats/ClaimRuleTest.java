package dev.shears.report.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.shears.events.ConfidenceInterval;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClaimRuleTest {
  private static ConfidenceInterval ci(double mean, double low, double high) {
    return new ConfidenceInterval(mean, low, high, 0.95);
  }

  @Test
  void retentionIsMetOnlyWhenTheWholeIntervalClearsTheThreshold() {
    ClaimRule rule = new ClaimRule(0.95, 0);
    // Teacher 0.40: 95 % of it allows a difference down to −0.02.
    assertThat(rule.judge(0.40, ci(-0.01, -0.015, -0.005), null)).isEqualTo(Verdict.MET);
    // The estimate clears the threshold but the interval does not: not a met claim.
    assertThat(rule.judge(0.40, ci(-0.01, -0.03, 0.01), null)).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(rule.judge(0.40, ci(-0.05, -0.06, -0.03), null)).isEqualTo(Verdict.NOT_MET);
    assertThat(rule.judge(0.40, null, null)).isEqualTo(Verdict.UNKNOWN);
  }

  @Test
  void aSpeedRequirementMustBeMetToo() {
    ClaimRule paper = new ClaimRule(0.95, 2.5);
    ConfidenceInterval good = ci(0, -0.001, 0.001);
    assertThat(paper.judge(0.40, good, ci(3.0, 2.8, 3.2))).isEqualTo(Verdict.MET);
    assertThat(paper.judge(0.40, good, ci(2.6, 2.4, 2.8))).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(paper.judge(0.40, good, ci(2.0, 1.9, 2.1))).isEqualTo(Verdict.NOT_MET);
    assertThat(paper.judge(0.40, good, null)).isEqualTo(Verdict.UNKNOWN);
    assertThat(paper.judge(0.40, ci(-0.1, -0.2, -0.05), ci(2.6, 2.4, 2.8))).isEqualTo(Verdict.NOT_MET);
    assertThat(paper.describe()).isEqualTo("≥ 95% of the teacher's quality at ≥ 2.50×");
  }

  @Test
  void thresholdsAreValidated() {
    assertThat(assertThrows(IllegalArgumentException.class, () -> new ClaimRule(1.5, 0)).getMessage())
        .contains("1.5").contains("retained");
    assertThat(assertThrows(IllegalArgumentException.class, () -> new ClaimRule(0.9, -1)).getMessage())
        .contains("speed-up");
  }

  @Test
  void meanAndSampleSdAcrossSeeds() {
    MeanSd v = MeanSd.of(List.of(1.0, 2.0, 3.0));
    assertThat(v.mean()).isEqualTo(2.0);
    assertThat(v.sd()).isCloseTo(1.0, within(1e-12));
    assertThat(v.n()).isEqualTo(3);
    assertThat(MeanSd.of(List.of(5.0)).sd()).isNaN();
    assertThrows(IllegalArgumentException.class, () -> MeanSd.of(List.of()));
  }
}
