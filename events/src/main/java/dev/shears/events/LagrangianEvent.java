package dev.shears.events;

import static java.util.Objects.requireNonNull;

/** The Lagrangian multipliers and the constraint they enforce. */
public record LagrangianEvent(
    long step,
    String stage,
    double lambda1,
    double lambda2,
    double expectedSparsity,
    double target)
    implements TelemetryEvent {
  public LagrangianEvent {
    requireNonNull(stage, "stage");
  }
}
