package dev.shears.events;

/**
 * Per-trial summaries on the compacted {@code shears.trial-history}, keyed by trial id: the newest summary of a
 * trial is all that compaction keeps, and it outlives the telemetry it was made from.
 */
public sealed interface HistoryEvent extends Event permits TrialSummary {

  @Override
  default String topic() {
    return Topics.TRIAL_HISTORY;
  }
}
