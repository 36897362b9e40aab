package dev.shears.dashboard.stream;

import java.util.List;
import java.util.function.Supplier;

/**
 * One update for a browser. Updates with the same {@link #key()} coalesce in a client's buffer: a newer
 * {@link Snapshot} replaces an older one, and {@link Points} of one series are concatenated.
 */
public sealed interface StreamMessage permits StreamMessage.Snapshot, StreamMessage.Points {

  /** The coalescing key. */
  String key();

  /**
   * The latest state of one thing (a trial row, an experiment's counts, a worker). The value is computed when
   * the client's buffer is flushed, so a burst of changes costs one snapshot per flush.
   *
   * @param type what the value is, for the browser: {@code trial}, {@code row}, {@code experiment},
   *     {@code report}, {@code worker}
   * @param id the id of the thing
   */
  record Snapshot(String key, String type, String id, Supplier<Object> value) implements StreamMessage {}

  /**
   * New rows of one telemetry series of one trial.
   *
   * @param x steps
   * @param y one array per column, same length as {@code x}
   */
  record Points(String trialId, String series, List<String> columns, double[] x, float[][] y)
      implements StreamMessage {
    @Override
    public String key() {
      return "points:" + trialId + ":" + series;
    }

    /** Number of rows. */
    public int size() {
      return x.length;
    }
  }
}
