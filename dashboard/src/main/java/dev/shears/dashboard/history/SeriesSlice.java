package dev.shears.dashboard.history;

import java.util.List;

/**
 * A copy of some rows of a {@link SeriesTable}: steps in {@code x}, one float array per column in {@code y}
 * (same order as {@code columns}). Safe to hand to another thread.
 */
public record SeriesSlice(List<String> columns, double[] x, float[][] y) {

  /** Number of rows. */
  public int size() {
    return x.length;
  }

  /** An empty slice with the given columns. */
  public static SeriesSlice empty(List<String> columns) {
    return new SeriesSlice(columns, new double[0], new float[columns.size()][0]);
  }
}
