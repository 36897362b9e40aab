package dev.shears.dashboard.it;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.events.CheckpointKind;
import dev.shears.events.CheckpointWritten;
import dev.shears.events.Envelope;
import dev.shears.events.EvaluationCompleted;
import dev.shears.events.ExperimentSubmitted;
import dev.shears.events.GpuInfo;
import dev.shears.events.StageStarted;
import dev.shears.events.TrialCreated;
import dev.shears.events.TrialStarted;
import dev.shears.events.WorkerHeartbeat;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Writes a small, recognisable experiment to the broker. */
final class Seed {
  private Seed() {}

  static ObjectNode spec(int decoderLayers, int seed) {
    return spec(decoderLayers, seed, 0.3);
  }

  static ObjectNode spec(int decoderLayers, int seed, double sparsity) {
    ObjectNode spec = JsonNodeFactory.instance.objectNode();
    spec.put("method", "nash");
    spec.putObject("nash").put("decoderLayers", decoderLayers).put("selection", "uniform")
        .put("encoderSparsity", sparsity);
    spec.putObject("training").put("seed", seed);
    return spec;
  }

  static String id(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** An experiment with {@code trials} running trials on one worker; returns the trial ids. */
  static List<String> experiment(LiveDashboard dash, String experimentId, String name, int trials) {
    return experiment(dash, experimentId, name, trials, 0.3);
  }

  static List<String> experiment(LiveDashboard dash, String experimentId, String name, int trials,
      double sparsity) {
    Instant now = Instant.now();
    dash.send(Envelope.of(new ExperimentSubmitted(name, null, spec(3, 1), trials, "it"), experimentId, null, 0, 0,
        now));
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < trials; i++) {
      String trialId = experimentId + "-t" + i;
      ids.add(trialId);
      dash.send(Envelope.of(new TrialCreated(i, spec(i + 1, 1, sparsity), 1, 8, 0, 3), experimentId, trialId, 0, 1, now));
      dash.send(Envelope.of(new TrialStarted("worker-a"), experimentId, trialId, 0, 2, now));
      dash.send(Envelope.of(new StageStarted("prune-encoder", 0), experimentId, trialId, 0, 3, now));
    }
    dash.send(Envelope.of(new WorkerHeartbeat("worker-a", "trainer", "gpu-host-1",
        List.of(new GpuInfo(0, "NVIDIA H100", 81_559, 40_000, 0.87)), ids, trials, "http://127.0.0.1:1"), now));
    dash.flush();
    return ids;
  }

  static void export(LiveDashboard dash, String experimentId, String trialId, long seq, double rouge,
      double speedup) {
    Instant now = Instant.now();
    dash.send(Envelope.of(new CheckpointWritten("export", 500, CheckpointKind.EXPORT, "file:/tmp/" + trialId,
        "sha-" + trialId, 12_345_678, null), experimentId, trialId, 0, seq, now));
    dash.send(Envelope.of(new EvaluationCompleted("sha-" + trialId, "file:/tmp/" + trialId,
        Map.of("rougeL", rouge, "rouge1", rouge + 0.05), Map.of("rougeL", 0.41, "rouge1", 0.46), 20 / speedup, 20,
        speedup, (long) (60e6 / speedup), 60_000_000, 0.3, null), experimentId, trialId, 0, seq + 1, now));
    dash.flush();
  }
}
