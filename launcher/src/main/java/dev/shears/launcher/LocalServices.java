package dev.shears.launcher;

import java.util.List;

/** The services {@code shears up} starts, in start order: the dashboard needs the orchestrator's address. */
final class LocalServices {
  private LocalServices() {}

  static List<LocalService> all() {
    return all(EvaluatorService.local());
  }

  /** Every service, with this evaluator. */
  static List<LocalService> all(EvaluatorService evaluator) {
    return List.of(new OrchestratorService(), TrainerService.local(), evaluator, new DashboardService());
  }
}
