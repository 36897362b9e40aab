package dev.shears.dashboard.state;

import dev.shears.events.GpuInfo;
import java.time.Instant;
import java.util.List;

/** A worker or service from its latest heartbeat; {@code alive} is false once heartbeats stop. */
public record WorkerRow(
    String workerId,
    String kind,
    String host,
    List<GpuInfo> gpus,
    List<String> runningTrials,
    int slots,
    String endpoint,
    Instant lastSeen,
    boolean alive) {}
