package dev.shears.dashboard.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeriesTableTest {

  @Test
  void holdsEveryRowUntilFull() {
    SeriesTable t = new SeriesTable(List.of("a", "b"), 64);
    for (int i = 0; i < 64; i++) {
      t.append(i, i * 2.0, -i);
    }
    SeriesSlice s = t.slice(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 1000, Downsampling.NONE);
    assertThat(s.size()).isEqualTo(64);
    assertThat(s.x()[63]).isEqualTo(63.0);
    assertThat(s.y()[0][10]).isEqualTo(20f);
    assertThat(s.y()[1][10]).isEqualTo(-10f);
    assertThat(t.compactions()).isZero();
  }

  @Test
  void staysBoundedAndKeepsWholeRangeAndExtremes() {
    SeriesTable t = new SeriesTable(List.of("loss"), 256);
    Random random = new Random(7);
    int spikeStep = 1234;
    for (int i = 0; i < 100_000; i++) {
      double v = i == spikeStep ? 1000.0 : random.nextDouble();
      t.append(i, v);
      assertThat(t.size()).isLessThanOrEqualTo(256);
    }
    SeriesSlice all = t.slice(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 10_000, Downsampling.NONE);
    assertThat(all.x()[0]).isZero();
    assertThat(all.x()[all.size() - 1]).isEqualTo(99_999.0);
    float max = Float.NEGATIVE_INFINITY;
    for (float v : all.y()[0]) {
      max = Math.max(max, v);
    }
    // Min/max compaction never loses a spike, however old.
    assertThat(max).isEqualTo(1000f);
    for (int i = 1; i < all.size(); i++) {
      assertThat(all.x()[i]).isGreaterThan(all.x()[i - 1]);
    }
    // The newest rows are still at full resolution.
    assertThat(all.x()[all.size() - 2]).isEqualTo(99_998.0);
  }

  @Test
  void aReplayedStepReplacesTheRowsFromThatStep() {
    SeriesTable t = new SeriesTable(List.of("v"), 64);
    for (int i = 0; i < 10; i++) {
      t.append(i, i);
    }
    t.append(5, 50);
    SeriesSlice s = t.slice(0, 100, 100, Downsampling.NONE);
    assertThat(s.x()).containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(s.y()[0][5]).isEqualTo(50f);
  }

  @Test
  void slicesByStepRange() {
    SeriesTable t = new SeriesTable(List.of("v"), 64);
    for (int i = 0; i < 50; i++) {
      t.append(i * 10, i);
    }
    assertThat(t.slice(100, 200, 100, Downsampling.NONE).x()).containsExactly(100, 110, 120, 130, 140, 150, 160,
        170, 180, 190, 200);
    assertThat(t.after(470).x()).containsExactly(480, 490);
  }

  @Test
  void rejectsWrongArityAndBadCapacity() {
    SeriesTable t = new SeriesTable(List.of("a", "b"), 16);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.append(1, 1.0));
    assertThat(e).hasMessageContaining("expected 2 values [a, b]");
    assertThrows(IllegalArgumentException.class, () -> new SeriesTable(List.of("a"), 18));
  }
}
