package dev.shears.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Whether this machine has an NVIDIA driver, decided before DJL probes CUDA. DJL's in-process probe loads
 * {@code libcudart} wherever the CUDA toolkit is installed and, when no driver answers, logs "Failed to detect GPU
 * count" at WARN twice per engine start. On a Linux machine without a driver, {@link #quietProbeWhereAbsent()} has
 * DJL probe in a child process instead ({@code ai.djl.util.cuda.fork}, DJL's own switch), which reports no GPU and
 * logs nothing; a machine with a driver keeps the in-process probe and its warnings, which then mean something.
 */
public final class CudaDriver {
  /** DJL's switch: detect CUDA in a child JVM (one per process, cached), whose probe does not log. */
  static final String DJL_FORK_PROBE = "ai.djl.util.cuda.fork";
  /** Present on Linux while the NVIDIA kernel driver is loaded, including in containers given a GPU. */
  static final Path LINUX_DRIVER = Path.of("/proc/driver/nvidia/version");

  private final Path driver;
  private final boolean linux;

  /** This machine's driver. */
  public CudaDriver() {
    this(LINUX_DRIVER, System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux"));
  }

  CudaDriver(Path driver, boolean linux) {
    this.driver = driver;
    this.linux = linux;
  }

  /** True unless this is Linux and no NVIDIA driver is loaded (elsewhere, DJL is left to decide). */
  public boolean mayBePresent() {
    return !linux || Files.exists(driver);
  }

  /**
   * Where no driver is loaded, makes DJL's CUDA probe quiet (see the class comment); an explicit
   * {@code -Dai.djl.util.cuda.fork} is left as it is. Call before the DJL engine loads; repeating it is harmless.
   *
   * @return whether a driver may be present
   */
  public boolean quietProbeWhereAbsent() {
    boolean present = mayBePresent();
    if (!present && System.getProperty(DJL_FORK_PROBE) == null) {
      System.setProperty(DJL_FORK_PROBE, "true");
    }
    return present;
  }
}
