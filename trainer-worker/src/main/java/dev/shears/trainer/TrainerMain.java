package dev.shears.trainer;

import dev.shears.ops.Liveness;
import dev.shears.ops.ProcessExit;
import dev.shears.ops.ServiceMeters;
import dev.shears.trainer.data.DatasetBatches;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one trainer worker in this JVM until it is killed:
 * {@code TrainerMain --bootstrap HOST:PORT --worker-id ID [--gpus auto|cpu|0,1] [--checkpoint-root DIR]
 * [--heartbeat-ms N] [--host ADDRESS] [--port N]}. Exit code 2 on bad arguments. The {@code shears trainer} command is the
 * user-facing form; this entry point lets a fleet or a test start a worker as a plain process.
 */
public final class TrainerMain {
  private TrainerMain() {}

  /** Parses the arguments into a config; throws {@link IllegalArgumentException} naming the bad one. */
  public static TrainerConfig parse(String... args) {
    Map<String, String> flags = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --flag value pairs, got '" + args[i] + "'");
      }
      flags.put(args[i].substring(2), args[++i]);
    }
    for (String key : flags.keySet()) {
      if (!java.util.Set.of("bootstrap", "worker-id", "gpus", "checkpoint-root", "heartbeat-ms", "host", "port")
          .contains(key)) {
        throw new IllegalArgumentException("unknown option --" + key);
      }
    }
    try {
      return new TrainerConfig(flags.get("bootstrap"), flags.getOrDefault("worker-id", "trainer-" + ProcessHandle
          .current().pid()), flags.getOrDefault("gpus", "auto"),
          Path.of(flags.getOrDefault("checkpoint-root", ".shears/checkpoints")),
          Duration.ofMillis(Long.parseLong(flags.getOrDefault("heartbeat-ms", "2000"))),
          flags.getOrDefault("host", "127.0.0.1"), Integer.parseInt(flags.getOrDefault("port", "0")),
          dev.shears.events.PathRoots.under(Path.of("")));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--heartbeat-ms and --port take integers: " + e.getMessage(), e);
    }
  }

  /** Starts the worker and blocks until the JVM shuts down. */
  public static void main(String[] args) throws InterruptedException {
    TrainerConfig config;
    try {
      config = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Vertx vertx = Vertx.vertx();
    TrainerVerticle verticle = new TrainerVerticle(config, ServiceMeters.create("trainer"), Clock.systemUTC(),
        new DatasetBatches(), new Liveness(new ProcessExit()));
    vertx.deployVerticle(verticle).await();
    System.out.println("trainer " + config.workerId() + " serving " + verticle.endpoint());
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      vertx.close().await();
      done.countDown();
    }));
    done.await();
  }
}
