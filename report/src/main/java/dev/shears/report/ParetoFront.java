package dev.shears.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The Pareto front of (quality, speed-up) points, both to be maximised. Pure. The one rule every report uses:
 * <ul>
 *   <li>a point is dominated when another is at least as good on both axes and strictly better on one;</li>
 *   <li>ties: points equal on both axes dominate neither other, so all of them stay on the front;</li>
 *   <li>a point with a NaN (or infinite) coordinate was not measured and never enters the front, nor dominates.</li>
 * </ul>
 */
public final class ParetoFront {

  /** A labelled point. */
  public record Point(String label, double quality, double speedup) {}

  private ParetoFront() {}

  /** The non-dominated points, by increasing speed-up (ties: decreasing quality, then label). */
  public static List<Point> of(List<Point> points) {
    List<Point> measured = points.stream()
        .filter(p -> Double.isFinite(p.quality()) && Double.isFinite(p.speedup())).toList();
    List<Point> front = new ArrayList<>();
    for (Point p : measured) {
      boolean dominated = false;
      for (Point q : measured) {
        if (q.quality() >= p.quality() && q.speedup() >= p.speedup()
            && (q.quality() > p.quality() || q.speedup() > p.speedup())) {
          dominated = true;
          break;
        }
      }
      if (!dominated) {
        front.add(p);
      }
    }
    front.sort(Comparator.comparingDouble(Point::speedup)
        .thenComparing(Point::quality, Comparator.reverseOrder()).thenComparing(Point::label));
    return front;
  }
}
