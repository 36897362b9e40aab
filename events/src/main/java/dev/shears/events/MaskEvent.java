package dev.shears.events;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** Encoder gate state: per layer, the expected head gates and the expected FFN dimensions kept. */
public record MaskEvent(
    long step,
    String stage,
    List<List<Double>> headZ,
    List<Double> ffnKept,
    double expectedSparsity,
    double target,
    @Optional Double overallSparsity)
    implements TelemetryEvent {
  public MaskEvent {
    requireNonNull(stage, "stage");
    headZ = List.copyOf(requireNonNull(headZ, "headZ"));
    ffnKept = List.copyOf(requireNonNull(ffnKept, "ffnKept"));
  }
}
