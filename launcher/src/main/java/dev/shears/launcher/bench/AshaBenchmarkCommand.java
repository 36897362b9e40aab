package dev.shears.launcher.bench;

import dev.shears.launcher.ReproductionInputs;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shears bench asha}: a sweep with early stopping beside the same sweep without (see {@link AshaBenchmark}). */
@Command(name = "asha", mixinStandardHelpOptions = true,
    description = "Run one sweep with its search: early stopping and, at the same time on the same trainer, "
        + "without it; print each sweep's trainer time, the ratio, and whether early stopping found the same best "
        + "trial (or one within its 95%% interval).")
public final class AshaBenchmarkCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Option(names = "--spec", paramLabel = "FILE",
      description = "The sweep, with a search: section naming asha or median (default: the built-in 12-trial sweep; "
          + "with --teacher and --data, the 12-trial real-text sweep).")
  private Path specFile;

  @Option(names = "--teacher", paramLabel = "DIR",
      description = "A fine-tuned teacher (a T5 model directory trained on the task, as shears reproduce takes): the "
          + "sweep's teacher.model. Needs --data.")
  private Path teacher;

  @Option(names = "--data", paramLabel = "DIR",
      description = "The splits from shears data debian-descriptions: the sweep's task.dataset. Needs --teacher.")
  private Path data;

  @Option(names = "--work-dir", paramLabel = "DIR",
      description = "Where the broker, checkpoints and reports go (default: a new temporary directory).")
  private Path workDir;

  @Option(names = "--examples", defaultValue = "128",
      description = "Test examples each model is evaluated on (default: ${DEFAULT-VALUE}).")
  private int examples;

  @Option(names = "--check", negatable = false,
      description = "Exit with status 1 unless early stopping took at least 2x less trainer time and found the same "
          + "best trial or one within its interval.")
  private boolean check;

  @Override
  public Integer call() throws Exception {
    if (examples < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--examples: must be >= 1, was " + examples);
    }
    if ((teacher == null) != (data == null)) {
      throw new CommandLine.ParameterException(spec.commandLine(), teacher == null
          ? "--data needs --teacher: the real-text sweep takes its teacher from --teacher DIR"
          : "--teacher needs --data: the real-text sweep takes its splits from --data DIR");
    }
    ReproductionInputs inputs = teacher == null ? null
        : ReproductionInputs.check(teacher, data, AshaBenchmark.REAL_TEXT_DEEPEST, "the real-text sweep");
    byte[] sweep;
    try {
      sweep = specFile != null ? Files.readAllBytes(specFile)
          : AshaBenchmark.bundled(inputs == null ? AshaBenchmark.DEFAULT_SPEC : AshaBenchmark.REAL_TEXT_SPEC);
    } catch (NoSuchFileException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--spec: no such file " + specFile);
    }
    AshaBenchmark.Options options;
    Path dir = workDir != null ? Files.createDirectories(workDir) : temporaryDir();
    if (inputs == null) {
      options = new AshaBenchmark.Options(sweep, dir, examples);
    } else {
      options = new AshaBenchmark.Options(AshaBenchmark.withInputs(sweep, inputs.teacher(), inputs.data()), dir,
          examples, inputs.roots());
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("Work directory: " + dir);
    SweepComparison result = new AshaBenchmark(options, out).run();
    return check && !result.met() ? 1 : 0;
  }

  private static Path temporaryDir() {
    try {
      return Files.createTempDirectory("shears-bench-asha");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a temporary work directory", e);
    }
  }
}
