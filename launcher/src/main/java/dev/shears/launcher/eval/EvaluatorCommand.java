package dev.shears.launcher.eval;

import dev.shears.launcher.ConnectionOptions;
import dev.shears.launcher.EvaluatorService;
import dev.shears.launcher.LocalContext;
import dev.shears.launcher.PathRootOptions;
import dev.shears.launcher.ServiceRunner;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shears evaluator --bootstrap HOST:PORT --data …}: runs an evaluator worker until interrupted. It
 * consumes {@code CheckpointWritten{kind=export}} from {@code shears.checkpoints} and writes one
 * {@code EvaluationCompleted} or {@code EvaluationFailed} per (trial, sha256) to {@code shears.evaluations}.
 */
@Command(name = "evaluator", mixinStandardHelpOptions = true,
    description = "Run an evaluator worker: evaluate exported checkpoints against their teachers.")
public final class EvaluatorCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Mixin
  private ConnectionOptions connection;

  @Mixin
  private EvalOptions options;

  @Option(names = "--worker-id", paramLabel = "ID",
      description = "Stable worker id; a restarted worker with the same id fences its predecessor (default: evaluator-HOST).")
  private String workerId;

  @Option(names = "--teacher", paramLabel = "DIR",
      description = "Teacher for exports whose checkpoint event names none.")
  private Path teacher;

  @Option(names = "--host", defaultValue = "127.0.0.1",
      description = "Interface /health and /metrics bind to (default: ${DEFAULT-VALUE}).")
  private String host;

  @Option(names = "--port", defaultValue = "0",
      description = "Port of /health and /metrics; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int port;

  @Mixin
  private PathRootOptions roots;

  @Override
  public Integer call() throws Exception {
    options.requireData(spec);
    String id = workerId != null ? workerId : "evaluator-" + InetAddress.getLocalHost().getHostName();
    // Each export is evaluated on its trial's task and eval settings (from shears.trials); --data and the
    // options are the fallback for exports whose trial spec is not found.
    EvaluatorService service = new EvaluatorService(id, source -> options.evaluation(source, teacher),
        options.warmup, options.runs, options.limit).onPort(port);
    LocalContext context = new LocalContext(connection.bootstrap(), null, connection.dataDir(), host, 0, 0,
        Map.of(), roots.roots());
    return ServiceRunner.run("evaluator " + id, host + ":" + port, vertx -> service.deploy(vertx, context), spec.commandLine().getOut());
  }

}
