package dev.shears.events;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/** The trial finished all stages. */
public record TrialSucceeded(
    @Optional String exportUri,
    Map<String, Double> summary)
    implements TrialEvent {
  public TrialSucceeded {
    summary = Map.copyOf(requireNonNull(summary, "summary"));
  }
}
