package dev.shears.dashboard.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParetoFrontTest {
  @Test
  void keepsOnlyNonDominatedPointsOrderedBySpeedup() {
    List<ParetoFront.Point> points = List.of(
        new ParetoFront.Point("a", 0.40, 1.0),
        new ParetoFront.Point("b", 0.38, 2.0),
        new ParetoFront.Point("c", 0.37, 1.5),   // dominated by b
        new ParetoFront.Point("d", 0.30, 4.0),
        new ParetoFront.Point("e", 0.30, 3.0),   // dominated by d
        new ParetoFront.Point("f", Double.NaN, 9.0));
    assertThat(ParetoFront.of(points)).extracting(ParetoFront.Point::id).containsExactly("a", "b", "d");
  }

  @Test
  void emptyInEmptyOut() {
    assertThat(ParetoFront.of(List.of())).isEmpty();
  }
}
