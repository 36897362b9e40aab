package dev.shears.dashboard.history;

import java.util.Arrays;
import java.util.List;

/**
 * A bounded, step-ordered table of one x column (the training step) and {@code k} float y columns, e.g. every
 * loss component of a trial. It never holds more than {@code capacity} rows: when full, the older half is
 * reduced by min/max per bucket of four rows (two rows per bucket, each column keeping its minimum and maximum
 * in the order they occurred), so the whole run stays visible with resolution falling with age and memory
 * fixed. Arrays grow on demand, so a short trial costs little. Not thread-safe; {@link TrialHistory} guards it.
 */
public final class SeriesTable {
  private static final int INITIAL_ROWS = 64;

  private final List<String> columns;
  private final int capacity;
  private double[] x;
  private float[][] y;
  private int size;
  private long compactions;

  /**
   * @param columns names of the y columns
   * @param capacity the most rows kept; at least 16 and divisible by 4
   */
  public SeriesTable(List<String> columns, int capacity) {
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("a series table needs at least one column");
    }
    if (capacity < 16 || capacity % 4 != 0) {
      throw new IllegalArgumentException("capacity must be >= 16 and divisible by 4, was " + capacity);
    }
    this.columns = List.copyOf(columns);
    this.capacity = capacity;
    int initial = Math.min(INITIAL_ROWS, capacity);
    this.x = new double[initial];
    this.y = new float[columns.size()][initial];
  }

  /** Column names, in order. */
  public List<String> columns() {
    return columns;
  }

  /** Rows currently held. */
  public int size() {
    return size;
  }

  /** The most rows ever held at once. */
  public int capacity() {
    return capacity;
  }

  /** How often the older half was reduced; zero while every appended row is still held. */
  public long compactions() {
    return compactions;
  }

  /** The step of the newest row, or NaN when empty. */
  public double lastX() {
    return size == 0 ? Double.NaN : x[size - 1];
  }

  /**
   * Appends a row. A step below the newest one (a resumed attempt replaying steps) drops the rows at and after
   * that step first, so x stays strictly increasing.
   *
   * @throws IllegalArgumentException when {@code values} does not have one value per column
   */
  public void append(double step, double... values) {
    if (values.length != columns.size()) {
      throw new IllegalArgumentException("expected " + columns.size() + " values " + columns + ", got "
          + values.length);
    }
    if (size > 0 && step <= x[size - 1]) {
      truncateFrom(step);
    }
    if (size == capacity) {
      compact();
    }
    ensureRoom();
    x[size] = step;
    for (int c = 0; c < values.length; c++) {
      y[c][size] = (float) values[c];
    }
    size++;
  }

  /**
   * The rows with {@code from <= step <= to}, reduced to at most {@code maxPoints} rows.
   *
   * @param mode how to reduce when there are more rows than {@code maxPoints}
   */
  public SeriesSlice slice(double from, double to, int maxPoints, Downsampling mode) {
    int lo = lowerBound(from);
    int hi = upperBound(to);
    double[] xs = Arrays.copyOfRange(x, lo, Math.max(lo, hi));
    float[][] ys = new float[columns.size()][];
    for (int c = 0; c < ys.length; c++) {
      ys[c] = Arrays.copyOfRange(y[c], lo, Math.max(lo, hi));
    }
    return mode.apply(new SeriesSlice(columns, xs, ys), maxPoints);
  }

  /** Rows appended after {@code step}, unreduced (for live streams). */
  public SeriesSlice after(double step) {
    return slice(Math.nextUp(step), Double.POSITIVE_INFINITY, Integer.MAX_VALUE, Downsampling.NONE);
  }

  private void truncateFrom(double step) {
    size = lowerBound(step);
  }

  private void ensureRoom() {
    if (size < x.length) {
      return;
    }
    int grown = Math.min(capacity, x.length * 2);
    x = Arrays.copyOf(x, grown);
    for (int c = 0; c < y.length; c++) {
      y[c] = Arrays.copyOf(y[c], grown);
    }
  }

  /** Reduces the older half of the rows to a quarter of the capacity: min/max per bucket of 4 rows. */
  private void compact() {
    int half = size / 2;
    int out = 0;
    for (int start = 0; start < half; start += 4) {
      int end = Math.min(start + 4, half);
      x[out] = x[start];
      x[out + 1] = x[end - 1];
      for (float[] col : y) {
        int min = start;
        int max = start;
        for (int i = start + 1; i < end; i++) {
          if (col[i] < col[min]) {
            min = i;
          }
          if (col[i] > col[max]) {
            max = i;
          }
        }
        float lo = col[min];
        float hi = col[max];
        col[out] = min <= max ? lo : hi;
        col[out + 1] = min <= max ? hi : lo;
      }
      out += 2;
    }
    int rest = size - half;
    System.arraycopy(x, half, x, out, rest);
    for (float[] col : y) {
      System.arraycopy(col, half, col, out, rest);
    }
    size = out + rest;
    compactions++;
  }

  /** First index with x >= v. */
  private int lowerBound(double v) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (x[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** First index with x > v. */
  private int upperBound(double v) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (x[mid] <= v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
