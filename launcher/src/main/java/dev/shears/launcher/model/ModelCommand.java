package dev.shears.launcher.model;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code shears model}: inspect, run and prune T5 models. Register with {@code
 * cli.addSubcommand(new ModelCommand())}.
 */
@Command(
    name = "model",
    description = "Run, generate with, prune and inspect T5 models (HF directories or builtin:tiny-t5).",
    subcommands = {
        ModelForwardCommand.class,
        ModelGenerateCommand.class,
        ModelPruneCommand.class,
        ModelExportCommand.class,
        ModelInfoCommand.class,
        ModelInitCommand.class,
        ModelCurveCommand.class
    })
public final class ModelCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Name a model command: " + String.join(", ", spec.subcommands().keySet()));
  }
}
