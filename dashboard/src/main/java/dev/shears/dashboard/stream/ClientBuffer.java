package dev.shears.dashboard.stream;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bounded, coalescing queue of one streaming client. Snapshots replace older ones with the same key;
 * points of one series concatenate up to {@code maxRowsPerSeries}, beyond which the oldest rows are dropped and
 * counted. At most {@code maxKeys} distinct keys are held; an update for a further key is dropped, counted and
 * answered with a resync request (the browser then reloads its page data). Memory is therefore bounded by
 * {@code maxKeys} and {@code maxRowsPerSeries} whatever the producer rate and however slowly the client reads.
 * Thread-safe: the ingest thread offers, the client's event loop drains.
 */
public final class ClientBuffer {
  private final int maxRowsPerSeries;
  private final int maxKeys;
  private LinkedHashMap<String, StreamMessage> pending = new LinkedHashMap<>();
  private long dropped;
  private boolean resync;

  /**
   * @param maxRowsPerSeries rows of one series held between flushes
   * @param maxKeys distinct pending keys held between flushes
   */
  public ClientBuffer(int maxRowsPerSeries, int maxKeys) {
    if (maxRowsPerSeries < 1 || maxKeys < 1) {
      throw new IllegalArgumentException("maxRowsPerSeries and maxKeys must be >= 1, were "
          + maxRowsPerSeries + " and " + maxKeys);
    }
    this.maxRowsPerSeries = maxRowsPerSeries;
    this.maxKeys = maxKeys;
  }

  /** What a flush sends: the coalesced messages and the client's running count of dropped updates. */
  public record Batch(List<StreamMessage> messages, long dropped, boolean resync) {
    public boolean isEmpty() {
      return messages.isEmpty() && !resync;
    }
  }

  /** Adds an update, coalescing with a pending one of the same key. */
  public synchronized void offer(StreamMessage message) {
    StreamMessage previous = pending.get(message.key());
    if (previous == null) {
      if (pending.size() >= maxKeys) {
        dropped += message instanceof StreamMessage.Points p ? p.size() : 1;
        resync = true;
        return;
      }
      pending.put(message.key(), bound(message));
      return;
    }
    if (message instanceof StreamMessage.Points p && previous instanceof StreamMessage.Points q) {
      pending.put(message.key(), bound(concat(q, p)));
    } else {
      // A newer snapshot supersedes the pending one; nothing the browser needs is lost.
      pending.put(message.key(), message);
    }
  }

  /** Takes everything pending. */
  public synchronized Batch drain() {
    if (pending.isEmpty() && !resync) {
      return new Batch(List.of(), dropped, false);
    }
    List<StreamMessage> messages = new ArrayList<>(pending.values());
    pending = new LinkedHashMap<>();
    boolean r = resync;
    resync = false;
    return new Batch(messages, dropped, r);
  }

  /** Updates dropped so far (rows of points, or whole snapshots refused for lack of keys). */
  public synchronized long dropped() {
    return dropped;
  }

  /** Rows of points plus snapshots pending, a measure of the memory held. */
  public synchronized long pendingItems() {
    long n = 0;
    for (StreamMessage m : pending.values()) {
      n += m instanceof StreamMessage.Points p ? p.size() : 1;
    }
    return n;
  }

  /** Approximate bytes held by pending updates: 8 per step, 4 per value, 64 per snapshot. */
  public synchronized long pendingBytes() {
    long n = 0;
    for (StreamMessage m : pending.values()) {
      n += m instanceof StreamMessage.Points p ? (long) p.size() * (8 + 4L * p.y().length) : 64;
    }
    return n;
  }

  /** Distinct keys pending. */
  public synchronized int pendingKeys() {
    return pending.size();
  }

  private StreamMessage bound(StreamMessage m) {
    if (!(m instanceof StreamMessage.Points p) || p.size() <= maxRowsPerSeries) {
      return m;
    }
    int cut = p.size() - maxRowsPerSeries;
    dropped += cut;
    float[][] y = new float[p.y().length][];
    for (int c = 0; c < y.length; c++) {
      y[c] = Arrays.copyOfRange(p.y()[c], cut, p.size());
    }
    return new StreamMessage.Points(p.trialId(), p.series(), p.columns(),
        Arrays.copyOfRange(p.x(), cut, p.size()), y);
  }

  private static StreamMessage.Points concat(StreamMessage.Points a, StreamMessage.Points b) {
    if (a.y().length != b.y().length) {
      return b;
    }
    int n = a.size() + b.size();
    double[] x = Arrays.copyOf(a.x(), n);
    System.arraycopy(b.x(), 0, x, a.size(), b.size());
    float[][] y = new float[a.y().length][];
    for (int c = 0; c < y.length; c++) {
      y[c] = Arrays.copyOf(a.y()[c], n);
      System.arraycopy(b.y()[c], 0, y[c], a.size(), b.size());
    }
    return new StreamMessage.Points(b.trialId(), b.series(), b.columns(), x, y);
  }
}
