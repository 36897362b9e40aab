package dev.shears.evaluator.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The Pareto front of (quality, speed-up) points, both to be maximised: a point is on the front when
 * no other point is at least as good in both and strictly better in one. Pure.
 */
public final class ParetoFront {

  /** A labelled point. */
  public record Point(String label, double quality, double speedup) {}

  private ParetoFront() {}

  /** The non-dominated points, by increasing speed-up (ties: decreasing quality). */
  public static List<Point> of(List<Point> points) {
    List<Point> front = new ArrayList<>();
    for (Point p : points) {
      boolean dominated = false;
      for (Point q : points) {
        if (q != p && q.quality() >= p.quality() && q.speedup() >= p.speedup()
            && (q.quality() > p.quality() || q.speedup() > p.speedup())) {
          dominated = true;
          break;
        }
      }
      if (!dominated) {
        front.add(p);
      }
    }
    front.sort(Comparator.comparingDouble(Point::speedup).thenComparing(Point::quality, Comparator.reverseOrder()));
    return front;
  }
}
