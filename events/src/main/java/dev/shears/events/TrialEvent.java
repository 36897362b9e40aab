package dev.shears.events;

/** The orchestrator's event-sourced trial log on {@code shears.trials}; replaying it rebuilds all state. */
public sealed interface TrialEvent extends Event
    permits TrialCreated, TrialAssigned, TrialStarted, StageStarted, StageCompleted, TrialCheckpointed, TrialSucceeded, TrialFailed, TrialRequeued, TrialCancelled, ValidationEvent, TrialStopped, TrialRetried {

  @Override
  default String topic() {
    return Topics.TRIALS;
  }
}
