package dev.shears.dashboard.bench;

/** Latencies in whole milliseconds from 0 to 60 s (longer ones count as 60 s). Not thread-safe. */
final class LatencyHistogram {
  private static final int MAX_MS = 60_000;
  private final long[] counts = new long[MAX_MS + 1];
  private long total;
  private long max;

  void record(long nanos) {
    long ms = Math.max(0, Math.min(MAX_MS, Math.round(nanos / 1e6)));
    counts[(int) ms]++;
    total++;
    max = Math.max(max, ms);
  }

  void add(LatencyHistogram other) {
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
    total += other.total;
    max = Math.max(max, other.max);
  }

  long count() {
    return total;
  }

  long max() {
    return max;
  }

  /** The smallest latency (ms) at or below which a fraction {@code q} of samples fall; -1 when empty. */
  long quantile(double q) {
    if (total == 0) {
      return -1;
    }
    long rank = (long) Math.ceil(q * total);
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= Math.max(1, rank)) {
        return i;
      }
    }
    return MAX_MS;
  }
}
