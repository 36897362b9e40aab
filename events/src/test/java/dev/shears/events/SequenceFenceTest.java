package dev.shears.events;

import static dev.shears.events.SequenceFence.Verdict.ACCEPT;
import static dev.shears.events.SequenceFence.Verdict.DUPLICATE;
import static dev.shears.events.SequenceFence.Verdict.FENCED;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequenceFenceTest {
  @Test
  void redeliveredSequenceNumbersAreDuplicates() {
    SequenceFence fence = new SequenceFence();
    assertThat(fence.offer("t", 1, 0)).isEqualTo(ACCEPT);
    assertThat(fence.offer("t", 1, 1)).isEqualTo(ACCEPT);
    assertThat(fence.offer("t", 1, 1)).isEqualTo(DUPLICATE);
    assertThat(fence.offer("t", 1, 0)).isEqualTo(DUPLICATE);
    assertThat(fence.offer("t", 1, 5)).isEqualTo(ACCEPT);
  }

  @Test
  void aNewAttemptFencesTheOldOne() {
    SequenceFence fence = new SequenceFence();
    fence.offer("t", 1, 10);
    assertThat(fence.offer("t", 2, 0)).isEqualTo(ACCEPT);
    assertThat(fence.offer("t", 1, 11)).isEqualTo(FENCED);
    assertThat(fence.attemptOf("t")).isEqualTo(2);
  }

  @Test
  void trialsAreIndependentAndUnkeyedEventsPass() {
    SequenceFence fence = new SequenceFence();
    fence.offer("a", 3, 3);
    assertThat(fence.offer("b", 1, 0)).isEqualTo(ACCEPT);
    assertThat(fence.offer(null, 0, 0)).isEqualTo(ACCEPT);
    assertThat(fence.offer(null, 0, 0)).isEqualTo(ACCEPT);
    fence.forget("a");
    assertThat(fence.offer("a", 1, 0)).isEqualTo(ACCEPT);
  }
}
