package dev.shears.dashboard.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class DownsamplingTest {

  private static SeriesSlice sine(int n) {
    double[] x = new double[n];
    float[][] y = new float[2][n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
      y[0][i] = (float) Math.sin(i / 50.0);
      y[1][i] = i;
    }
    y[0][777] = 5f;
    y[0][4321] = -5f;
    return new SeriesSlice(List.of("s", "i"), x, y);
  }

  @Test
  void minMaxKeepsSpikesEndpointsAndBound() {
    SeriesSlice out = Downsampling.MIN_MAX.apply(sine(10_000), 200);
    assertThat(out.size()).isLessThanOrEqualTo(200);
    assertThat(out.x()[0]).isZero();
    assertThat(out.x()[out.size() - 1]).isEqualTo(9_999.0);
    assertThat(out.y()[0]).contains(5f, -5f);
    // Every column keeps its own extremes: the index column keeps its first and last value.
    assertThat(out.y()[1]).contains(0f, 9_999f);
    for (int i = 1; i < out.size(); i++) {
      assertThat(out.x()[i]).isGreaterThan(out.x()[i - 1]);
    }
  }

  @Test
  void lttbPicksRealRowsAndKeepsTheSpike() {
    SeriesSlice in = sine(10_000);
    SeriesSlice out = Downsampling.LTTB.apply(in, 300);
    assertThat(out.size()).isEqualTo(300);
    assertThat(out.x()[0]).isZero();
    assertThat(out.x()[299]).isEqualTo(9_999.0);
    assertThat(out.y()[0]).contains(5f, -5f);
    for (int k = 0; k < out.size(); k++) {
      int row = (int) out.x()[k];
      assertThat(out.y()[1][k]).isEqualTo(in.y()[1][row]);
    }
  }

  @Test
  void shortInputIsReturnedAsIs() {
    SeriesSlice in = sine(5000);
    assertThat(Downsampling.MIN_MAX.apply(in, 5000)).isSameAs(in);
    assertThat(Downsampling.LTTB.apply(in, 5000)).isSameAs(in);
  }

  @Test
  void parsesModesAndNamesTheBadOne() {
    assertThat(Downsampling.parse("LTTB")).isEqualTo(Downsampling.LTTB);
    assertThat(Downsampling.parse("minmax")).isEqualTo(Downsampling.MIN_MAX);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Downsampling.parse("avg"));
    assertThat(e).hasMessageContaining("'avg'").hasMessageContaining("lttb");
  }
}
