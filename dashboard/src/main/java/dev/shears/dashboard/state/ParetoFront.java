package dev.shears.dashboard.state;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Quality/speed-up Pareto front: the points no other point beats on both axes (higher is better on both). */
public final class ParetoFront {
  private ParetoFront() {}

  /** A point of the scatter plot. */
  public record Point(String id, double quality, double speedup) {}

  /**
   * The non-dominated points, ordered by speed-up ascending. A point is dominated when another is at least as
   * good on both axes and better on one. Points with a NaN coordinate never enter the front.
   */
  public static List<Point> of(List<Point> points) {
    List<Point> sorted = new ArrayList<>();
    for (Point p : points) {
      if (!Double.isNaN(p.quality()) && !Double.isNaN(p.speedup())) {
        sorted.add(p);
      }
    }
    // Sweep from the fastest: a point joins the front when its quality beats every faster point's.
    sorted.sort(Comparator.comparingDouble(Point::speedup).reversed()
        .thenComparing(Comparator.comparingDouble(Point::quality).reversed()));
    List<Point> front = new ArrayList<>();
    double bestQuality = Double.NEGATIVE_INFINITY;
    for (Point p : sorted) {
      if (p.quality() > bestQuality) {
        front.add(p);
        bestQuality = p.quality();
      }
    }
    front.sort(Comparator.comparingDouble(Point::speedup));
    return front;
  }
}
