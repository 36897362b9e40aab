package dev.shears.orchestrator.scheduler;

/**
 * The life of a trial (DESIGN §6): PENDING → ASSIGNED → RUNNING → SUCCEEDED | FAILED | CANCELLED | STOPPED. REQUEUED
 * is a pending trial whose previous attempt was lost; PAUSED is a trial held back by a paused experiment; STOPPED is
 * a trial early stopping ended at a rung (its export is still evaluated).
 */
public enum TrialState {
  PENDING,
  ASSIGNED,
  RUNNING,
  REQUEUED,
  PAUSED,
  SUCCEEDED,
  FAILED,
  CANCELLED,
  STOPPED;

  /** No further transition leaves this state. */
  public boolean terminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == STOPPED;
  }

  /** Waiting for a placement. */
  public boolean waiting() {
    return this == PENDING || this == REQUEUED;
  }

  /** Holding a placement on a worker. */
  public boolean placed() {
    return this == ASSIGNED || this == RUNNING;
  }
}
