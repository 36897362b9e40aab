package dev.shears.trainer.internal;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.util.cuda.CudaUtils;
import dev.shears.events.GpuInfo;
import dev.shears.model.CudaDriver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accelerators this worker trains on, as heartbeats report them. {@code cpu} (or {@code auto} without CUDA)
 * reports no GPU: the worker offers one CPU slot. Names and utilisation come from {@code nvidia-smi} when it is
 * installed, memory from CUDA through DJL otherwise. Blocking: call off the event loop.
 */
public final class DeviceInventory {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceInventory.class);

  private final List<Integer> indices;
  private volatile boolean utilisationMeasured;

  /** For {@code gpus} = auto | cpu | 0,1,…; says once, at INFO, what the worker trains on. */
  public DeviceInventory(String gpus) {
    this(gpus, new CudaDriver());
  }

  DeviceInventory(String gpus, CudaDriver driver) {
    boolean driverPresent = driver.quietProbeWhereAbsent();
    if ("cpu".equals(gpus)) {
      indices = List.of();
    } else if ("auto".equals(gpus) && !driverPresent) {
      indices = List.of();
    } else if ("auto".equals(gpus)) {
      int count = Engine.getInstance().getGpuCount();
      List<Integer> all = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        all.add(i);
      }
      indices = List.copyOf(all);
    } else {
      List<Integer> list = new ArrayList<>();
      int count = Engine.getInstance().getGpuCount();
      for (String part : gpus.split(",")) {
        int i = Integer.parseInt(part.trim());
        if (i >= count) {
          throw new IllegalArgumentException("Invalid value " + gpus + " for configuration trainer.gpus: device "
              + i + " does not exist (this machine has " + count + " CUDA devices)");
        }
        list.add(i);
      }
      indices = List.copyOf(list);
    }
    if (indices.isEmpty()) {
      LOG.info("Training on CPU ({})", "cpu".equals(gpus) ? "--gpus cpu"
          : driverPresent ? "no CUDA device found" : "no NVIDIA driver loaded");
    } else {
      LOG.info("Training on CUDA devices {}", indices);
    }
  }

  /** Indices of the GPUs in use (empty on CPU). */
  public List<Integer> indices() {
    return indices;
  }

  /** The device a trial trains on: the first assigned GPU, else the first own GPU, else the CPU. */
  public Device device(List<Integer> assigned) {
    if (indices.isEmpty()) {
      return Device.cpu();
    }
    int index = assigned.isEmpty() || !indices.contains(assigned.get(0)) ? indices.get(0) : assigned.get(0);
    return Device.gpu(index);
  }

  /** Whether the latest snapshot's utilisation was measured (by nvidia-smi; CUDA alone reports 0). */
  public boolean utilisationMeasured() {
    return utilisationMeasured;
  }

  /** Current state of every GPU in use. */
  public List<GpuInfo> snapshot() {
    if (indices.isEmpty()) {
      return List.of();
    }
    List<GpuInfo> fromSmi = nvidiaSmi();
    utilisationMeasured = !fromSmi.isEmpty();
    if (!fromSmi.isEmpty()) {
      return fromSmi;
    }
    List<GpuInfo> out = new ArrayList<>();
    for (int i : indices) {
      MemoryUsage memory = CudaUtils.getGpuMemory(Device.gpu(i));
      long totalMb = memory.getMax() / (1024 * 1024);
      long usedMb = memory.getCommitted() / (1024 * 1024);
      out.add(new GpuInfo(i, "cuda:" + i + " (compute " + CudaUtils.getComputeCapability(i) + ")", totalMb,
          Math.max(0, totalMb - usedMb), 0.0));
    }
    return out;
  }

  private List<GpuInfo> nvidiaSmi() {
    List<GpuInfo> out = new ArrayList<>();
    try {
      Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=index,name,memory.total,memory.free,utilization.gpu",
          "--format=csv,noheader,nounits").redirectErrorStream(true).start();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          String[] f = line.split(",\\s*");
          if (f.length == 5 && indices.contains(Integer.parseInt(f[0].trim()))) {
            out.add(new GpuInfo(Integer.parseInt(f[0].trim()), f[1].trim(), Long.parseLong(f[2].trim()),
                Long.parseLong(f[3].trim()), Double.parseDouble(f[4].trim()) / 100.0));
          }
        }
      }
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return List.of();
      }
      return out;
    } catch (IOException | NumberFormatException e) {
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }
}
