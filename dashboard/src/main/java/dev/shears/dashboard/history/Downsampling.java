package dev.shears.dashboard.history;

import java.util.Locale;

/**
 * How a {@link SeriesSlice} longer than the requested number of points is reduced for display. Each mode keeps
 * the first and last row, so the visible range never shrinks.
 */
public enum Downsampling {
  /** Every row. */
  NONE {
    @Override
    public SeriesSlice apply(SeriesSlice slice, int maxPoints) {
      return slice;
    }
  },
  /**
   * Min/max per bucket: {@code maxPoints / 2} buckets of equal row count, two rows each; every column keeps its
   * bucket minimum and maximum in the order they occurred, so spikes survive any zoom level.
   */
  MIN_MAX {
    @Override
    public SeriesSlice apply(SeriesSlice slice, int maxPoints) {
      return Downsamplers.minMax(slice, maxPoints);
    }
  },
  /**
   * Largest-Triangle-Three-Buckets (Steinarsson 2013) on the first column: picks whole rows, so all columns
   * stay aligned on real steps.
   */
  LTTB {
    @Override
    public SeriesSlice apply(SeriesSlice slice, int maxPoints) {
      return Downsamplers.lttb(slice, maxPoints, 0);
    }
  };

  /** Reduces {@code slice} to at most {@code maxPoints} rows (at least 4 are always allowed). */
  public abstract SeriesSlice apply(SeriesSlice slice, int maxPoints);

  /**
   * Parses a query parameter value: {@code minmax}, {@code lttb} or {@code none}.
   *
   * @throws IllegalArgumentException naming the value and the allowed ones
   */
  public static Downsampling parse(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "minmax", "min-max", "min_max" -> MIN_MAX;
      case "lttb" -> LTTB;
      case "none" -> NONE;
      default -> throw new IllegalArgumentException(
          "unknown downsampling '" + value + "'; allowed: minmax, lttb, none");
    };
  }
}
