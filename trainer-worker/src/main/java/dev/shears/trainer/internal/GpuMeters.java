package dev.shears.trainer.internal;

import dev.shears.events.GpuInfo;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The GPU gauges of a trainer with CUDA devices, one set per device ({@code gpu} tag = its index):
 * {@code shears.trainer.gpu.memory.used} and {@code .total} in bytes, and {@code shears.trainer.gpu.utilization.ratio}
 * (0–1; NaN unless {@code nvidia-smi} measured it). They show the snapshot of the latest heartbeat, so a scrape
 * never runs {@code nvidia-smi} or CUDA calls; NaN until the first one. A CPU trainer registers none.
 */
public final class GpuMeters {
  private static final double MIB = 1024.0 * 1024.0;

  private volatile List<GpuInfo> latest = List.of();
  private volatile boolean utilisationMeasured;

  /** Registers the gauges of {@code indices} (none for a CPU trainer). */
  public GpuMeters(List<Integer> indices, MeterRegistry registry) {
    for (int index : indices) {
      String gpu = String.valueOf(index);
      Gauge.builder("shears.trainer.gpu.memory.used", this, m -> m.value(index, g ->
              (g.memoryTotalMb() - g.memoryFreeMb()) * MIB)).baseUnit("bytes").tag("gpu", gpu)
          .description("GPU memory in use on this device (all processes)").register(registry);
      Gauge.builder("shears.trainer.gpu.memory.total", this, m -> m.value(index, g -> g.memoryTotalMb() * MIB))
          .baseUnit("bytes").tag("gpu", gpu).description("GPU memory of this device").register(registry);
      Gauge.builder("shears.trainer.gpu.utilization.ratio", this, m -> m.utilisationMeasured
              ? m.value(index, GpuInfo::utilisation) : Double.NaN).tag("gpu", gpu)
          .description("Share of time the device was busy, as nvidia-smi reports it").register(registry);
    }
  }

  /** The latest snapshot; {@code utilisationMeasured} when it came from nvidia-smi. */
  public void update(List<GpuInfo> snapshot, boolean utilisationMeasured) {
    this.latest = List.copyOf(snapshot);
    this.utilisationMeasured = utilisationMeasured;
  }

  private double value(int index, ToDoubleFunction<GpuInfo> f) {
    for (GpuInfo g : latest) {
      if (g.index() == index) {
        return f.applyAsDouble(g);
      }
    }
    return Double.NaN;
  }
}
