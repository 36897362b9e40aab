package dev.shears.orchestrator.scheduler;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of one service or worker of the fleet registry.
 *
 * @param workerId the worker
 * @param kind orchestrator, trainer, evaluator or dashboard
 * @param host its host
 * @param endpoint its health/metrics URL, or null
 * @param slots concurrent trials it accepts (0: no cap for GPU workers)
 * @param lastSeen its last heartbeat
 * @param alive whether its lease holds
 * @param gpus its GPUs with the memory trials hold on them
 * @param trials the trials placed on it
 */
public record WorkerView(
    String workerId,
    String kind,
    String host,
    String endpoint,
    int slots,
    Instant lastSeen,
    boolean alive,
    List<Gpu> gpus,
    List<String> trials) {

  /**
   * One GPU.
   *
   * @param index its index on the worker
   * @param name its model name
   * @param memoryTotalMb its memory
   * @param allocatedMb memory held by placed trials
   * @param reportedFreeMb free memory the worker last reported
   * @param utilisation utilisation the worker last reported
   */
  public record Gpu(int index, String name, long memoryTotalMb, long allocatedMb, long reportedFreeMb,
      double utilisation) {}
}
