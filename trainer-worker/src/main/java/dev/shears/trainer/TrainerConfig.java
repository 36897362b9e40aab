package dev.shears.trainer;

import dev.shears.events.PathRoots;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Settings of a trainer worker, validated at construction (every problem at once).
 *
 * @param bootstrap Kafka bootstrap servers, {@code host:port[,host:port…]}
 * @param workerId this worker's id (the key of its assignments and heartbeats)
 * @param gpus {@code auto} (every CUDA device DJL sees, else CPU), {@code cpu}, or indices {@code 0,1}
 * @param checkpointRoot where checkpoints go ({@code .shears/checkpoints} by default)
 * @param heartbeatInterval how often to announce itself on shears.fleet (2 s by default)
 * @param host the address /health and /metrics bind to
 * @param port their port; 0 picks a free one
 * @param roots where datasets and teachers named in assignments may lie; the checkpoint root is added to both
 */
public record TrainerConfig(
    String bootstrap, String workerId, String gpus, Path checkpointRoot, Duration heartbeatInterval, String host,
    int port, PathRoots roots) {
  public static final String BOOTSTRAP = "trainer.bootstrap";
  public static final String WORKER_ID = "trainer.workerId";
  public static final String GPUS = "trainer.gpus";
  public static final String HEARTBEAT = "trainer.heartbeatInterval";
  public static final String PORT = "trainer.port";
  private static final Pattern HOST_PORT = Pattern.compile("[^\\s,:]+:\\d{1,5}(,[^\\s,:]+:\\d{1,5})*");
  private static final Pattern GPU_LIST = Pattern.compile("auto|cpu|\\d+(,\\d+)*");

  public TrainerConfig {
    List<String> problems = new ArrayList<>();
    if (bootstrap == null || !HOST_PORT.matcher(bootstrap).matches()) {
      problems.add(invalid(bootstrap, BOOTSTRAP, "expected host:port[,host:port...]"));
    }
    if (workerId == null || workerId.isBlank() || !workerId.matches("[A-Za-z0-9._-]+")) {
      problems.add(invalid(workerId, WORKER_ID, "use letters, digits, '.', '_' or '-'"));
    }
    if (gpus == null || !GPU_LIST.matcher(gpus).matches()) {
      problems.add(invalid(gpus, GPUS, "expected auto, cpu or a list of device indices such as 0,1"));
    }
    if (checkpointRoot == null) {
      problems.add(invalid(null, "trainer.checkpointRoot", "a directory is required"));
    }
    if (heartbeatInterval == null || heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
      problems.add(invalid(heartbeatInterval, HEARTBEAT, "must be > 0"));
    }
    if (host == null || host.isBlank()) {
      problems.add(invalid(host, "trainer.host", "a bind address is required"));
    }
    if (port < 0 || port > 65_535) {
      problems.add(invalid(port, PORT, "must be in [0, 65535]"));
    }
    if (roots == null) {
      problems.add(invalid(null, "trainer.roots", "data and model roots are required"));
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  /**
   * Defaults: CPU-or-GPU auto, {@code .shears/checkpoints}, 2 s heartbeats, 127.0.0.1 on a free port, data under
   * {@code ./data} and models under {@code ./models} (both also under {@code ./.shears}).
   */
  public static TrainerConfig of(String bootstrap, String workerId) {
    return new TrainerConfig(bootstrap, workerId, "auto", Path.of(".shears", "checkpoints"), Duration.ofSeconds(2),
        "127.0.0.1", 0, PathRoots.under(Path.of("")));
  }

  /** The roots a spec's paths are checked against: {@link #roots()} plus the checkpoint root. */
  public PathRoots allowedPaths() {
    return roots.with(checkpointRoot);
  }

  /** A copy with another checkpoint root. */
  public TrainerConfig withCheckpointRoot(Path root) {
    return new TrainerConfig(bootstrap, workerId, gpus, root, heartbeatInterval, host, port, roots);
  }

  /** A copy with another heartbeat interval. */
  public TrainerConfig withHeartbeatInterval(Duration interval) {
    return new TrainerConfig(bootstrap, workerId, gpus, checkpointRoot, interval, host, port, roots);
  }

  /** A copy with another device choice. */
  public TrainerConfig withGpus(String devices) {
    return new TrainerConfig(bootstrap, workerId, devices, checkpointRoot, heartbeatInterval, host, port, roots);
  }

  /** A copy binding /health and /metrics to {@code address:listenPort} (0: a free port). */
  public TrainerConfig withEndpoint(String address, int listenPort) {
    return new TrainerConfig(bootstrap, workerId, gpus, checkpointRoot, heartbeatInterval, address, listenPort, roots);
  }

  /** A copy with other data and model roots. */
  public TrainerConfig withRoots(PathRoots pathRoots) {
    return new TrainerConfig(bootstrap, workerId, gpus, checkpointRoot, heartbeatInterval, host, port, pathRoots);
  }

  private static String invalid(Object value, String key, String why) {
    return "Invalid value " + value + " for configuration " + key + ": " + why;
  }
}
