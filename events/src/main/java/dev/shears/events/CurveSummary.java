package dev.shears.events;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One downsampled series of a trial's telemetry: the steps and, per column, the value at each step (floats: a
 * curve for the eye, not a measurement to recompute from).
 *
 * @param series the series' name as the dashboard serves it ({@code loss}, {@code lagrangian}, {@code sparsity},
 *     {@code heads}, {@code ffn})
 * @param columns the column names, in the order of {@code values}
 * @param steps the training step of each row, increasing
 * @param values one list per column, each as long as {@code steps}
 */
public record CurveSummary(
    String series,
    List<String> columns,
    List<Double> steps,
    List<List<Float>> values) {
  public CurveSummary {
    requireNonNull(series, "series");
    columns = List.copyOf(requireNonNull(columns, "columns"));
    steps = List.copyOf(requireNonNull(steps, "steps"));
    values = List.copyOf(requireNonNull(values, "values"));
    if (values.size() != columns.size()) {
      throw new IllegalArgumentException("series " + series + " has " + columns.size() + " columns but "
          + values.size() + " value lists");
    }
    for (int c = 0; c < values.size(); c++) {
      if (values.get(c).size() != steps.size()) {
        throw new IllegalArgumentException("column " + columns.get(c) + " of series " + series + " has "
            + values.get(c).size() + " values for " + steps.size() + " steps");
      }
    }
  }
}
