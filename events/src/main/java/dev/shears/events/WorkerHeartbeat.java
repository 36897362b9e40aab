package dev.shears.events;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A service or worker is alive; trainers report their GPUs and running trials. */
public record WorkerHeartbeat(
    String workerId,
    String kind,
    String host,
    List<GpuInfo> gpus,
    List<String> runningTrials,
    int slots,
    @Optional String endpoint)
    implements FleetEvent {
  public WorkerHeartbeat {
    requireNonNull(workerId, "workerId");
    requireNonNull(kind, "kind");
    requireNonNull(host, "host");
    gpus = List.copyOf(requireNonNull(gpus, "gpus"));
    runningTrials = List.copyOf(requireNonNull(runningTrials, "runningTrials"));
  }
}
