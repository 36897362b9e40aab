package dev.shears.trainer.telemetry;

import dev.shears.events.CheckpointWritten;
import dev.shears.events.TelemetryEvent;
import dev.shears.events.TrialCheckpointed;
import dev.shears.events.TrialEvent;
import java.util.function.BooleanSupplier;

/**
 * Where a running trial reports: state transitions ({@code shears.trials}), telemetry ({@code shears.telemetry})
 * and checkpoints ({@code shears.checkpoints}). Calls come from the training thread in the order the events
 * happened and must return quickly; an implementation batches.
 */
public interface TelemetrySink {
  /** A trial state transition (StageStarted, StageCompleted, TrialCheckpointed, …). */
  void trial(TrialEvent event);

  /** A LossEvent, MaskEvent or LagrangianEvent. */
  void telemetry(TelemetryEvent event);

  /** A checkpoint directory was written. */
  void checkpoint(CheckpointWritten event);

  /**
   * Reports a checkpoint to the trial log ({@link #trial}) and tells when the log has it: true once the event is
   * acknowledged. Sinks that write nowhere remote have it at once.
   */
  default BooleanSupplier checkpointed(TrialCheckpointed event) {
    trial(event);
    return () -> true;
  }

  /** Pushes out anything batched (called at stage ends and before the trial's final event). */
  default void flush() {}
}
