package dev.shears.launcher;

import dev.shears.launcher.bench.AshaBenchmarkCommand;
import dev.shears.launcher.bench.EventsBenchmarkCommand;
import dev.shears.launcher.chaos.ChaosCommand;
import dev.shears.launcher.dashboard.BenchDashboardCommand;
import dev.shears.launcher.dashboard.BenchDashboardHistoryCommand;
import dev.shears.launcher.dashboard.DashboardCommand;
import dev.shears.launcher.data.DataCommand;
import dev.shears.launcher.eval.BenchRougeCommand;
import dev.shears.launcher.eval.BenchSpeedCommand;
import dev.shears.launcher.eval.EvalCommand;
import dev.shears.launcher.eval.EvaluatorCommand;
import dev.shears.launcher.eval.ReportCommand;
import dev.shears.launcher.model.BenchGenerateCommand;
import dev.shears.launcher.model.ModelCommand;
import dev.shears.launcher.orchestrator.BenchSchedulerCommand;
import dev.shears.launcher.orchestrator.CancelExperimentCommand;
import dev.shears.launcher.orchestrator.PauseExperimentCommand;
import dev.shears.launcher.orchestrator.ResumeExperimentCommand;
import dev.shears.launcher.orchestrator.StatusCommand;
import dev.shears.launcher.orchestrator.SubmitCommand;
import dev.shears.launcher.trainer.BenchTrainCommand;
import picocli.CommandLine;

/** The subcommands contributed by the service modules, registered beside the launcher's own. */
final class Subcommands {
  private Subcommands() {}

  static void register(CommandLine cli) {
    // Services, one by one (a fleet spans hosts).
    cli.addSubcommand(new BrokerCommand());
    cli.addSubcommand(new OrchestratorCommand());
    cli.addSubcommand(new TrainerCommand());
    cli.addSubcommand(new DashboardCommand());
    cli.addSubcommand(new EvaluatorCommand());

    // Experiments.
    cli.addSubcommand(new SubmitCommand());
    cli.addSubcommand(new StatusCommand());
    cli.addSubcommand(new CancelExperimentCommand());
    cli.addSubcommand(new PauseExperimentCommand());
    cli.addSubcommand(new ResumeExperimentCommand());
    cli.addSubcommand(new ReportCommand());
    cli.addSubcommand(new ReproduceCommand());

    // Reliability: a faulted multi-process sweep.
    cli.addSubcommand(new ChaosCommand());

    // Models and evaluation.
    cli.addSubcommand(new ModelCommand());
    cli.addSubcommand(new EvalCommand());

    // Datasets and tokenizers.
    cli.addSubcommand(new DataCommand());

    CommandLine bench = new CommandLine(new BenchCommand());
    bench.addSubcommand(new EventsBenchmarkCommand());
    bench.addSubcommand(new BenchGenerateCommand());
    bench.addSubcommand(new BenchTrainCommand());
    bench.addSubcommand(new BenchSchedulerCommand());
    bench.addSubcommand(new BenchRougeCommand());
    bench.addSubcommand(new BenchSpeedCommand());
    bench.addSubcommand(new BenchDashboardCommand());
    bench.addSubcommand(new AshaBenchmarkCommand());
    bench.addSubcommand(new BenchDashboardHistoryCommand());
    cli.addSubcommand(bench);
  }
}
