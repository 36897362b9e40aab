package dev.shears.orchestrator.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A snapshot of one trial.
 *
 * @param trialId the trial
 * @param experimentId its experiment
 * @param index its position in the sweep
 * @param state where it is in its life
 * @param attempt the current attempt (0 before the first assignment)
 * @param losses attempts lost to lease expiry or worker failure
 * @param workerId the worker it is placed on, or null
 * @param gpuIndices the GPUs it holds there
 * @param lastCheckpoint the newest checkpoint it can resume from, or null
 * @param reason why it was requeued, failed or cancelled, or null
 * @param stage the NASH stage it last reported, or null
 * @param step the step it last reported
 * @param gpus GPUs requested
 * @param gpuMemoryGb memory requested per GPU
 * @param priority its priority
 * @param spec the resolved trial spec
 * @param updatedAt when its last event was written
 */
public record TrialView(
    String trialId,
    String experimentId,
    int index,
    TrialState state,
    int attempt,
    int losses,
    String workerId,
    List<Integer> gpuIndices,
    String lastCheckpoint,
    String reason,
    String stage,
    long step,
    int gpus,
    double gpuMemoryGb,
    int priority,
    JsonNode spec,
    Instant updatedAt) {}
