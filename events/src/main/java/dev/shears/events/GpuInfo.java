package dev.shears.events;

import static java.util.Objects.requireNonNull;

/** One accelerator of a worker, as reported in its heartbeat. Memory in MiB, utilisation in [0, 1]. */
public record GpuInfo(int index, String name, long memoryTotalMb, long memoryFreeMb, double utilisation) {
  public GpuInfo {
    requireNonNull(name, "name");
  }
}
