package dev.shears.events;

import static java.util.Objects.requireNonNull;

/** Every loss component of one optimisation step. */
public record LossEvent(
    long step,
    String stage,
    double total,
    double kd,
    double encHidden,
    double decHidden,
    double ce,
    double lagrangian,
    double lr)
    implements TelemetryEvent {
  public LossEvent {
    requireNonNull(stage, "stage");
  }
}
