package dev.shears.trainer.telemetry;

import dev.shears.events.CheckpointWritten;
import dev.shears.events.Event;
import dev.shears.events.TelemetryEvent;
import dev.shears.events.TrialEvent;
import java.util.ArrayList;
import java.util.List;

/** Keeps every event in memory, in order: for in-process runs (the demo, benchmarks) and tests. Thread-safe. */
public final class CollectingSink implements TelemetrySink {
  private final List<Event> events = new ArrayList<>();

  @Override
  public synchronized void trial(TrialEvent event) {
    events.add(event);
  }

  @Override
  public synchronized void telemetry(TelemetryEvent event) {
    events.add(event);
  }

  @Override
  public synchronized void checkpoint(CheckpointWritten event) {
    events.add(event);
  }

  /** A copy of everything received so far. */
  public synchronized List<Event> events() {
    return List.copyOf(events);
  }

  /** The events of one type, in order. */
  public synchronized <T extends Event> List<T> events(Class<T> type) {
    List<T> out = new ArrayList<>();
    for (Event e : events) {
      if (type.isInstance(e)) {
        out.add(type.cast(e));
      }
    }
    return out;
  }
}
