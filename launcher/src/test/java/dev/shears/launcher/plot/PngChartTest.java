package dev.shears.launcher.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PngChartTest {
  @TempDir
  Path dir;

  @Test
  void writesAReadablePngWithTheSeriesDrawnInTheirColours() throws Exception {
    Path file = dir.resolve("sub/chart.png");
    new PngChart("speed-up", "decoder layers", "×")
        .add(new PngChart.Series("measured", List.of(new PngChart.Point(1, 9, "9×"), new PngChart.Point(12, 1, null)),
            true))
        .write(file);
    BufferedImage image = ImageIO.read(file.toFile());
    assertThat(image.getWidth()).isEqualTo(900);
    assertThat(image.getHeight()).isEqualTo(560);
    // The first series is blue (#1f77b4): its line crosses the plot area.
    long blue = 0;
    for (int x = 0; x < image.getWidth(); x++) {
      for (int y = 0; y < image.getHeight(); y++) {
        if ((image.getRGB(x, y) & 0xffffff) == 0x1f77b4) {
          blue++;
        }
      }
    }
    assertThat(blue).isGreaterThan(500);
  }

  @Test
  void aChartWithoutPointsIsRefusedNamingIt() {
    assertThatThrownBy(() -> new PngChart("empty", "x", "y").render())
        .hasMessageContaining("'empty' has no points");
  }

  @Test
  void niceRangesCoverTheDataInWholeSteps() {
    assertThat(PngChart.niceRange(1, 12)).containsExactly(0, 12, 2);
    double[] small = PngChart.niceRange(0.83, 1.04);
    assertThat(small[0]).isCloseTo(0.8, within(1e-9));
    assertThat(small[1]).isCloseTo(1.05, within(1e-9));
    assertThat(small[2]).isCloseTo(0.05, within(1e-9));
    // A single value gets a range around it rather than a zero-width axis.
    double[] flat = PngChart.niceRange(3, 3);
    assertThat(flat[0]).isLessThan(3).isGreaterThan(2);
    assertThat(flat[1]).isGreaterThan(3).isLessThan(4);
  }

  @Test
  void anIntegerAxisTicksAtWholeNumbersOnly() {
    // Decoder layers 1..4: a plain nice range steps by 0.5.
    assertThat(PngChart.niceRange(1, 4)[2]).isEqualTo(0.5);
    assertThat(PngChart.integerRange(PngChart.niceRange(1, 4))).containsExactly(1, 4, 1);
    assertThat(PngChart.integerRange(PngChart.niceRange(1, 12))).containsExactly(0, 12, 2);
  }

  @Test
  void labelsNeverCoverAMarkerAnErrorBarOrAnotherLabel() {
    PngChart chart = new PngChart("crowded", "speed-up", "retained");
    List<PngChart.Point> points = new java.util.ArrayList<>();
    for (int i = 0; i < 14; i++) {
      double x = 3 + 0.05 * (i % 5);
      double y = 95 + 0.4 * i;
      points.add(new PngChart.Point(x, y, "NASH-3@0." + i, x - 0.1, x + 0.1, y - 1, y + 1));
    }
    chart.add(new PngChart.Series("nash", points, false));
    chart.add(new PngChart.Series("teacher", List.of(new PngChart.Point(1, 100, "teacher")), false));
    chart.render();
    PngChart.Layout layout = chart.layout();
    assertThat(layout.labels()).isNotEmpty();
    assertThat(layout.bars()).hasSize(28);
    for (PngChart.Box label : layout.labels()) {
      assertThat(layout.markers()).noneMatch(label::overlaps);
      assertThat(layout.bars()).noneMatch(label::overlaps);
      assertThat(layout.labels().stream().filter(other -> other != label)).noneMatch(label::overlaps);
    }
    assertThat(layout.labels().size() + layout.omitted().size()).isEqualTo(15);
  }

  @Test
  void errorBarsAreDrawnInTheSeriesColour() {
    BufferedImage image = new PngChart("bars", "x", "y")
        .add(new PngChart.Series("s", List.of(new PngChart.Point(1, 1, null, 0.5, 1.5, 0.5, 1.5),
            new PngChart.Point(2, 2, null)), false))
        .render();
    // The vertical bar of the first point spans half the plot's height above and below it: count blue pixels in
    // the column of its cap-less middle, away from the marker.
    long blue = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xffffff) == 0x1f77b4) {
          blue++;
        }
      }
    }
    BufferedImage plain = new PngChart("bars", "x", "y")
        .add(new PngChart.Series("s", List.of(new PngChart.Point(1, 1, null), new PngChart.Point(2, 2, null)), false))
        .render();
    long plainBlue = 0;
    for (int y = 0; y < plain.getHeight(); y++) {
      for (int x = 0; x < plain.getWidth(); x++) {
        if ((plain.getRGB(x, y) & 0xffffff) == 0x1f77b4) {
          plainBlue++;
        }
      }
    }
    assertThat(blue).isGreaterThan(plainBlue + 200);
  }
}
