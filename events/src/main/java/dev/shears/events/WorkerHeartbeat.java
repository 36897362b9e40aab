package dev.shears.events;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A service or worker is alive; trainers report their GPUs, the trials they run and the ones they hold queued.
 *
 * @param queuedTrials trials whose assignment the worker holds but has not started yet (it runs one attempt at a
 *     time). Added after schema version 1's first release: absent on the wire, it reads as empty.
 */
public record WorkerHeartbeat(
    String workerId,
    String kind,
    String host,
    List<GpuInfo> gpus,
    List<String> runningTrials,
    int slots,
    @Optional String endpoint,
    @Optional List<String> queuedTrials)
    implements FleetEvent {
  public WorkerHeartbeat {
    requireNonNull(workerId, "workerId");
    requireNonNull(kind, "kind");
    requireNonNull(host, "host");
    gpus = List.copyOf(requireNonNull(gpus, "gpus"));
    runningTrials = List.copyOf(requireNonNull(runningTrials, "runningTrials"));
    queuedTrials = queuedTrials == null ? List.of() : List.copyOf(queuedTrials);
  }

  /** A heartbeat with nothing queued. */
  public WorkerHeartbeat(String workerId, String kind, String host, List<GpuInfo> gpus, List<String> runningTrials,
      int slots, String endpoint) {
    this(workerId, kind, host, gpus, runningTrials, slots, endpoint, List.of());
  }
}
