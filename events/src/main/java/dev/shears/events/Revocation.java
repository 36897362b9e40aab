package dev.shears.events;

import static java.util.Objects.requireNonNull;

/** Stop running an attempt: {@code reason} is cancel, pause, lease or early-stop (export what it has). */
public record Revocation(
    String workerId,
    String reason)
    implements AssignmentEvent {
  public Revocation {
    requireNonNull(workerId, "workerId");
    requireNonNull(reason, "reason");
  }
}
