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
}
