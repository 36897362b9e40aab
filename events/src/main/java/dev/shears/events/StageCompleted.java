package dev.shears.events;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/** A NASH stage finished, with its summary figures. */
public record StageCompleted(
    String stage,
    long step,
    Map<String, Double> metrics)
    implements TrialEvent {
  public StageCompleted {
    requireNonNull(stage, "stage");
    metrics = Map.copyOf(requireNonNull(metrics, "metrics"));
  }
}
