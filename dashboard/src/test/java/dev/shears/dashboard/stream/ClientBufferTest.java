package dev.shears.dashboard.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ClientBufferTest {
  private static StreamMessage.Points point(String trial, long step) {
    return new StreamMessage.Points(trial, "loss", List.of("total"), new double[] {step},
        new float[][] {{step * 0.5f}});
  }

  @Test
  void pointsOfOneSeriesConcatenateInOrder() {
    ClientBuffer b = new ClientBuffer(100, 10);
    for (int s = 1; s <= 5; s++) {
      b.offer(point("t", s));
    }
    ClientBuffer.Batch batch = b.drain();
    assertThat(batch.messages()).singleElement().satisfies(m -> {
      StreamMessage.Points p = (StreamMessage.Points) m;
      assertThat(p.x()).containsExactly(1, 2, 3, 4, 5);
      assertThat(p.y()[0]).containsExactly(0.5f, 1f, 1.5f, 2f, 2.5f);
    });
    assertThat(batch.dropped()).isZero();
    assertThat(b.drain().isEmpty()).isTrue();
  }

  @Test
  void aClientThatNeverDrainsStaysBoundedAndCountsWhatItLost() {
    ClientBuffer b = new ClientBuffer(64, 8);
    AtomicInteger computed = new AtomicInteger();
    for (int s = 0; s < 100_000; s++) {
      b.offer(point("t" + (s % 4), s));
      b.offer(new StreamMessage.Snapshot("row:t" + (s % 4), "row", "t", () -> computed.incrementAndGet()));
      assertThat(b.pendingItems()).isLessThanOrEqualTo(4 * 64 + 4);
    }
    assertThat(b.dropped()).isEqualTo(100_000 - 4 * 64);
    ClientBuffer.Batch batch = b.drain();
    assertThat(batch.messages()).hasSize(8);
    // The newest rows survive; snapshots are computed only when sent.
    StreamMessage.Points p = (StreamMessage.Points) batch.messages().get(0);
    assertThat(p.x()[p.size() - 1]).isEqualTo(99_996.0);
    assertThat(computed).hasValue(0);
  }

  @Test
  void keysBeyondTheLimitAreDroppedAndAskForAResync() {
    ClientBuffer b = new ClientBuffer(10, 2);
    b.offer(point("a", 1));
    b.offer(point("b", 1));
    b.offer(point("c", 1));
    ClientBuffer.Batch batch = b.drain();
    assertThat(batch.messages()).hasSize(2);
    assertThat(batch.resync()).isTrue();
    assertThat(batch.dropped()).isEqualTo(1);
    assertThat(b.drain().resync()).isFalse();
  }
}
