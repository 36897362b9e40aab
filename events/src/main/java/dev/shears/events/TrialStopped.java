package dev.shears.events;

import static java.util.Objects.requireNonNull;

/**
 * Early stopping ended the trial at a rung: its worker is revoked with reason {@code early-stop}, exports what it has
 * and the export is evaluated like any other. Terminal.
 *
 * @param rung the rung (0 = the grace period) whose result decided it
 * @param step the step of that rung
 * @param reason the rule and the figures it compared, for the user
 */
public record TrialStopped(
    int rung,
    long step,
    String reason)
    implements TrialEvent {
  public TrialStopped {
    requireNonNull(reason, "reason");
  }
}
