package dev.shears.orchestrator.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shears.spec.SearchSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/** The scheduler's mutable record of one experiment. Confined to the {@link Scheduler} that owns it. */
final class Experiment {
  /** Waiting trials run in this order: higher priority first, then creation order (requeued keep their place). */
  static final Comparator<Trial> QUEUE_ORDER = Comparator.<Trial>comparingInt(t -> -t.priority)
      .thenComparingLong(t -> t.createdSeq);

  final String id;
  String name;
  String idempotencyKey;
  JsonNode spec;
  double weight = 1;
  int maxConcurrent = Integer.MAX_VALUE;
  int trialCount;
  SearchSpec search = SearchSpec.NONE;
  /** The search's rung steps, ascending. */
  List<Long> rungs = List.of();
  /** Per rung, the metric values trials reported there, in log order: what early stopping compares. */
  final List<List<Double>> rungResults = new ArrayList<>();
  Instant submittedAt;
  ExperimentState state = ExperimentState.ACTIVE;
  final List<Trial> trials = new ArrayList<>();
  final TreeSet<Trial> waiting = new TreeSet<>(QUEUE_ORDER);
  /** Trials holding capacity (placed or assignment in flight) and the share units they hold. */
  int active;
  int activeUnits;

  Experiment(String id) {
    this.id = id;
  }

  double share() {
    return activeUnits / weight;
  }
}
