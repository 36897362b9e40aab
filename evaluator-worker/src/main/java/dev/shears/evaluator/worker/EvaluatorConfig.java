package dev.shears.evaluator.worker;

import static java.util.Objects.requireNonNull;

import dev.shears.events.Topics;
import java.time.Duration;

/**
 * Settings of one evaluator worker.
 *
 * @param bootstrap         Kafka bootstrap servers
 * @param workerId          stable id of this worker: its transactional id derives from it, so a restarted
 *                          worker with the same id fences its predecessor
 * @param groupId           consumer group of all evaluators
 * @param checkpointsTopic  where {@code CheckpointWritten} events arrive
 * @param evaluationsTopic  where results go (and the ledger is rebuilt from)
 * @param startupTimeout    longest wait for Kafka at start-up
 */
public record EvaluatorConfig(String bootstrap, String workerId, String groupId, String checkpointsTopic,
    String evaluationsTopic, Duration startupTimeout) {

  /** Key of {@link #workerId} in configuration maps. */
  public static final String WORKER_ID = "evaluator.worker.id";

  /** Validates. */
  public EvaluatorConfig {
    requireNonNull(bootstrap, "bootstrap");
    requireNonNull(checkpointsTopic, "checkpointsTopic");
    requireNonNull(evaluationsTopic, "evaluationsTopic");
    if (workerId == null || workerId.isBlank() || !workerId.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("Invalid value " + workerId + " for configuration " + WORKER_ID
          + ": use letters, digits, '.', '_' or '-'");
    }
    if (groupId == null || groupId.isBlank()) {
      throw new IllegalArgumentException("Invalid value " + groupId + " for configuration evaluator.group.id");
    }
    if (startupTimeout == null || startupTimeout.isNegative() || startupTimeout.isZero()) {
      throw new IllegalArgumentException("Invalid value " + startupTimeout + " for configuration evaluator.startup.timeout");
    }
  }

  /** The standard topics and group, with the given worker id. */
  public static EvaluatorConfig of(String bootstrap, String workerId) {
    return new EvaluatorConfig(bootstrap, workerId, "shears-evaluators", Topics.CHECKPOINTS, Topics.EVALUATIONS,
        Duration.ofSeconds(60));
  }
}
