package dev.shears.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParetoFrontTest {
  private static ParetoFront.Point p(String label, double quality, double speedup) {
    return new ParetoFront.Point(label, quality, speedup);
  }

  @Test
  void keepsOnlyNonDominatedPointsOrderedBySpeedup() {
    List<ParetoFront.Point> points = List.of(p("a", 0.9, 1.0), p("b", 0.8, 2.0), p("c", 0.7, 1.5), p("d", 0.5, 3.0));
    assertThat(ParetoFront.of(points)).extracting(ParetoFront.Point::label).containsExactly("a", "b", "d");
  }

  @Test
  void equalPointsBothStayAndNeitherDominates() {
    List<ParetoFront.Point> front = ParetoFront.of(List.of(p("x", 0.9, 2.0), p("w", 0.9, 2.0), p("v", 0.8, 2.0)));
    assertThat(front).extracting(ParetoFront.Point::label).containsExactly("w", "x");
  }

  @Test
  void unmeasuredPointsNeitherEnterNorDominate() {
    List<ParetoFront.Point> front = ParetoFront.of(List.of(p("nan", Double.NaN, 9.0), p("a", 0.5, 1.0),
        p("inf", Double.POSITIVE_INFINITY, 1.0)));
    assertThat(front).extracting(ParetoFront.Point::label).containsExactly("a");
  }

  @Test
  void emptyInEmptyOut() {
    assertThat(ParetoFront.of(List.of())).isEmpty();
  }
}
