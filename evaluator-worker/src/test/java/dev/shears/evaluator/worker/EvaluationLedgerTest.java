package dev.shears.evaluator.worker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EvaluationLedgerTest {

  private final EvaluationKey key = new EvaluationKey("t1", "abc");

  @Test
  void aKeyIsClaimedOnceUntilReleased() {
    EvaluationLedger ledger = new EvaluationLedger();
    assertThat(ledger.tryClaim(key)).isTrue();
    assertThat(ledger.tryClaim(key)).isFalse();
    ledger.release(key);
    assertThat(ledger.tryClaim(key)).isTrue();
  }

  @Test
  void aDoneKeyIsNeverClaimedAgain() {
    EvaluationLedger ledger = new EvaluationLedger();
    ledger.markDone(key);
    assertThat(ledger.tryClaim(key)).isFalse();
    assertThat(ledger.isDone(key)).isTrue();
    assertThat(ledger.tryClaim(new EvaluationKey("t1", "other-sha"))).isTrue();
    assertThat(ledger.doneCount()).isEqualTo(1);
  }
}
