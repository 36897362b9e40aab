package dev.shears.model.rouge;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Per-example values of one or more metrics over the same examples, in a fixed metric order.
 * Means and bootstrap intervals are computed from these. Arrays are copied in and out.
 */
public final class ExampleScores {

  private final Map<String, double[]> values;
  private final int size;

  /**
   * Scores by metric name.
   *
   * @throws IllegalArgumentException when the metrics do not all cover the same number of examples
   */
  public ExampleScores(Map<String, double[]> values) {
    Map<String, double[]> copy = new LinkedHashMap<>();
    int n = -1;
    for (Map.Entry<String, double[]> e : values.entrySet()) {
      if (n >= 0 && e.getValue().length != n) {
        throw new IllegalArgumentException("Metric " + e.getKey() + " has " + e.getValue().length
            + " example values, the others " + n);
      }
      n = e.getValue().length;
      copy.put(e.getKey(), e.getValue().clone());
    }
    this.values = copy;
    this.size = Math.max(n, 0);
  }

  /** Metric names, in order. */
  public Set<String> metrics() {
    return values.keySet();
  }

  /** Number of examples. */
  public int size() {
    return size;
  }

  /** The per-example values of one metric. */
  public double[] values(String metric) {
    double[] v = values.get(metric);
    if (v == null) {
      throw new IllegalArgumentException("No metric named " + metric + "; have " + values.keySet());
    }
    return v.clone();
  }

  /** The mean of one metric over the examples (0 for no examples). */
  public double mean(String metric) {
    double[] v = values.get(metric);
    if (v == null) {
      throw new IllegalArgumentException("No metric named " + metric + "; have " + values.keySet());
    }
    return v.length == 0 ? 0.0 : Arrays.stream(v).sum() / v.length;
  }

  /** Copies of the per-example values by metric, in order. */
  public Map<String, double[]> asMap() {
    Map<String, double[]> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, v.clone()));
    return out;
  }

  /** Every metric's mean, in order. */
  public Map<String, Double> means() {
    Map<String, Double> out = new LinkedHashMap<>();
    values.keySet().forEach(k -> out.put(k, mean(k)));
    return out;
  }

  /** These scores and {@code other}'s, over the same examples. */
  public ExampleScores with(ExampleScores other) {
    Map<String, double[]> merged = new LinkedHashMap<>(values);
    other.values.forEach(merged::put);
    return new ExampleScores(merged);
  }
}
