package dev.shears.trainer;

import java.util.Map;

/** How a trial run ended. */
public sealed interface TrialOutcome {
  /** All stages finished; {@code exportUri} is the physically pruned model. */
  record Succeeded(String exportUri, Map<String, Double> summary) implements TrialOutcome {}

  /** The trial cannot go on; {@code reason} is for the user, {@code step} and {@code lastCheckpoint} may be null. */
  record Failed(String reason, Long step, String lastCheckpoint) implements TrialOutcome {}

  /** A revocation stopped the trial at a step boundary; {@code checkpoint} resumes it (null if none was written). */
  record Stopped(String reason, long step, String checkpoint) implements TrialOutcome {}
}
