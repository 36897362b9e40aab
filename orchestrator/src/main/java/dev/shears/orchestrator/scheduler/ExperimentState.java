package dev.shears.orchestrator.scheduler;

/** Whether an experiment's trials are being scheduled. COMPLETED: every trial reached a terminal state. */
public enum ExperimentState {
  ACTIVE,
  PAUSED,
  CANCELLED,
  COMPLETED
}
