package dev.shears.orchestrator.scheduler;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.events.Envelope;
import dev.shears.events.Event;
import dev.shears.events.ExperimentSubmitted;
import dev.shears.events.GpuInfo;
import dev.shears.events.Topics;
import dev.shears.events.TrialCreated;
import dev.shears.events.WorkerHeartbeat;
import dev.shears.orchestrator.internal.EventFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** Drives a {@link Scheduler} the way the verticle does, recording the log it would write. */
final class SchedulerHarness {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  final Scheduler scheduler;
  final List<Envelope> log = new ArrayList<>();

  SchedulerHarness(SchedulerConfig config) {
    this.scheduler = new Scheduler(config);
    scheduler.recovered(T0);
  }

  SchedulerHarness() {
    this(SchedulerConfig.DEFAULT);
  }

  /** Trial shapes: gpus, memory GiB, priority. */
  record Shape(int gpus, double memoryGb, int priority) {}

  void submit(String experimentId, double weight, int cap, int maxAttempts, Instant at, List<Shape> shapes) {
    submit(experimentId, weight, cap, maxAttempts, at, shapes, null);
  }

  /** With a {@code search:} section (early stopping). */
  void submit(String experimentId, double weight, int cap, int maxAttempts, Instant at, List<Shape> shapes,
      ObjectNode search) {
    ObjectNode spec = JsonNodeFactory.instance.objectNode();
    spec.put("name", experimentId).put("weight", weight).put("maxConcurrentTrials", cap);
    if (search != null) {
      spec.set("search", search);
    }
    append(Envelope.of(new ExperimentSubmitted(experimentId, null, spec, shapes.size(), "test"), experimentId, null,
        0, 0, at));
    for (int i = 0; i < shapes.size(); i++) {
      Shape s = shapes.get(i);
      ObjectNode trialSpec = JsonNodeFactory.instance.objectNode().put("trialIndex", i);
      append(Envelope.of(new TrialCreated(i, trialSpec, s.gpus(), s.memoryGb(), s.priority(), maxAttempts),
          experimentId, EventFactory.trialId(experimentId, i), 0, 0, at));
    }
  }

  void submit(String experimentId, int trials, Shape shape, Instant at) {
    submit(experimentId, 1, Integer.MAX_VALUE, 3, at, IntStream.range(0, trials).mapToObj(i -> shape).toList());
  }

  /** A trainer with GPUs of the given memory (MiB). */
  void trainer(String workerId, Instant at, long... gpuMb) {
    List<GpuInfo> gpus = new ArrayList<>();
    for (int i = 0; i < gpuMb.length; i++) {
      gpus.add(new GpuInfo(i, "gpu", gpuMb[i], gpuMb[i], 0.0));
    }
    scheduler.heartbeat(new WorkerHeartbeat(workerId, "trainer", "host-" + workerId, gpus, placedOn(workerId), 0,
        null), at);
  }

  /** What a real trainer lists as running: the trials placed on it. */
  List<String> placedOn(String workerId) {
    return scheduler.fleet().stream().filter(w -> w.workerId().equals(workerId)).findFirst()
        .map(WorkerView::trials).orElse(List.of());
  }

  void cpuTrainer(String workerId, int slots, Instant at) {
    scheduler.heartbeat(new WorkerHeartbeat(workerId, "trainer", "host-" + workerId, List.of(), placedOn(workerId),
        slots, null), at);
  }

  void heartbeat(String workerId, Instant at, List<String> running, long... gpuMb) {
    List<GpuInfo> gpus = new ArrayList<>();
    for (int i = 0; i < gpuMb.length; i++) {
      gpus.add(new GpuInfo(i, "gpu", gpuMb[i], gpuMb[i], 0.0));
    }
    scheduler.heartbeat(new WorkerHeartbeat(workerId, "trainer", "host-" + workerId, gpus, running, 0, null), at);
  }

  /** Decides at {@code now} and writes (and reads back) the events of every decision. */
  List<Decision> tick(Instant now) {
    List<Decision> decisions = scheduler.tick(now);
    commit(decisions, now);
    return decisions;
  }

  void commit(List<Decision> decisions, Instant now) {
    for (Decision d : decisions) {
      for (Envelope e : EventFactory.of(d, now)) {
        append(e);
      }
    }
  }

  /** An event a worker writes for an attempt. */
  void worker(String trialId, int attempt, long seq, Event event, Instant at) {
    String experimentId = trialId.substring(0, trialId.lastIndexOf('-'));
    append(Envelope.of(event, experimentId, trialId, attempt, seq, at));
  }

  void append(Envelope e) {
    log.add(e);
    if (!e.topic().equals(Topics.ASSIGNMENTS)) {
      scheduler.apply(e);
    }
  }

  /** A fresh scheduler that replayed this log. */
  Scheduler replay(SchedulerConfig config) {
    Scheduler fresh = new Scheduler(config);
    for (Envelope e : log) {
      if (!e.topic().equals(Topics.ASSIGNMENTS)) {
        fresh.apply(e);
      }
    }
    return fresh;
  }

  static List<String> table(List<Decision> decisions) {
    return decisions.stream().map(SchedulerHarness::row).toList();
  }

  static String row(Decision d) {
    if (d instanceof Decision.Assign a) {
      return "assign " + a.trialId() + "#" + a.attempt() + " -> " + a.workerId() + a.gpuIndices()
          + (a.resumeCheckpoint() == null ? "" : " from " + a.resumeCheckpoint());
    }
    if (d instanceof Decision.Requeue r) {
      return "requeue " + r.trialId() + "#" + r.attempt() + " as #" + r.nextAttempt()
          + (r.resumeCheckpoint() == null ? "" : " from " + r.resumeCheckpoint())
          + (r.revokeFrom() == null ? "" : " revoke " + r.revokeFrom());
    }
    if (d instanceof Decision.Fail f) {
      return "fail " + f.trialId() + "#" + f.attempt();
    }
    if (d instanceof Decision.Cancel c) {
      return (c.paused() ? "pause " : "cancel ") + c.trialId() + "#" + c.attempt()
          + (c.revokeFrom() == null ? "" : " revoke " + c.revokeFrom());
    }
    if (d instanceof Decision.Stop s) {
      return "stop " + s.trialId() + "#" + s.attempt() + " at rung " + s.rung()
          + (s.revokeFrom() == null ? "" : " revoke " + s.revokeFrom());
    }
    if (d instanceof Decision.Retry r) {
      return "retry " + r.trialId() + "#" + r.attempt() + " as #" + r.nextAttempt();
    }
    Decision.Revoke r = (Decision.Revoke) d;
    return "revoke " + r.trialId() + "#" + r.attempt() + " on " + r.workerId();
  }
}
