package dev.shears.launcher;

import java.util.List;

/** The services {@code shears up} starts, in start order: the dashboard needs the orchestrator's address. */
final class LocalServices {
  private LocalServices() {}

  static List<LocalService> all() {
    return List.of(new OrchestratorService(), TrainerService.local(), EvaluatorService.local(), new DashboardService());
  }
}
