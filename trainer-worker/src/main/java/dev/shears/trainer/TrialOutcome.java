package dev.shears.trainer;

import dev.shears.events.FailureKind;
import java.util.Map;

/** How a trial run ended. */
public sealed interface TrialOutcome {
  /** All stages finished; {@code exportUri} is the physically pruned model. */
  record Succeeded(String exportUri, Map<String, Double> summary) implements TrialOutcome {}

  /**
   * The trial cannot go on; {@code reason} is for the user, {@code step} and {@code lastCheckpoint} may be null.
   * {@code kind} tells the orchestrator whether another attempt can help.
   */
  record Failed(String reason, Long step, String lastCheckpoint, FailureKind kind) implements TrialOutcome {
    /** A failure another attempt may cure. */
    public Failed(String reason, Long step, String lastCheckpoint) {
      this(reason, step, lastCheckpoint, FailureKind.RUNTIME);
    }

    /** A configuration error (a missing file, an invalid field): the same spec fails the same way again. */
    public static Failed configuration(String reason) {
      return new Failed(reason, null, null, FailureKind.CONFIGURATION);
    }
  }

  /**
   * Early stopping ended the trial at {@code step}: {@code checkpoint} holds its state, {@code exportUri} the
   * student it had (null when it had none yet), which the evaluators measure.
   */
  record EarlyStopped(long step, String checkpoint, String exportUri) implements TrialOutcome {}

  /** A revocation stopped the trial at a step boundary; {@code checkpoint} resumes it (null if none was written). */
  record Stopped(String reason, long step, String checkpoint) implements TrialOutcome {}
}
