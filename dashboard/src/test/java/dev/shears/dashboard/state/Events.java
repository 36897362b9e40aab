package dev.shears.dashboard.state;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.events.Envelope;
import dev.shears.events.EvaluationCompleted;
import dev.shears.events.Event;
import dev.shears.events.LossEvent;
import dev.shears.events.MaskEvent;
import dev.shears.events.TrialCreated;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builders of test events. */
public final class Events {
  public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private Events() {}

  public static Envelope env(Event e, String exp, String trial, int attempt, long seq) {
    return Envelope.of(e, exp, trial, attempt, seq, T0.plusMillis(seq));
  }

  public static ObjectNode spec(int decoderLayers, int seed) {
    ObjectNode spec = JsonNodeFactory.instance.objectNode();
    spec.put("method", "nash");
    spec.putObject("nash").put("decoderLayers", decoderLayers).put("selection", "uniform");
    spec.putObject("training").put("seed", seed);
    return spec;
  }

  public static TrialCreated created(int index) {
    return new TrialCreated(index, spec(index + 1, 1), 1, 8, 0, 3);
  }

  public static LossEvent loss(long step, double total) {
    return new LossEvent(step, "prune-encoder", total, total / 2, 0.1, 0.2, 0, 0.01, 3e-5);
  }

  public static MaskEvent mask(long step, double sparsity, int layers, int heads) {
    List<List<Double>> z = new java.util.ArrayList<>();
    for (int i = 0; i < layers; i++) {
      List<Double> row = new java.util.ArrayList<>();
      for (int j = 0; j < heads; j++) {
        row.add(j < i ? 0.0 : 1.0);
      }
      z.add(row);
    }
    List<Double> ffn = java.util.Collections.nCopies(layers, 512.0);
    return new MaskEvent(step, "prune-encoder", z, ffn, sparsity, 0.3, sparsity * 0.8);
  }

  public static EvaluationCompleted evaluation(double rouge, double speedup, long params) {
    return new EvaluationCompleted("sha", "file:/x", Map.of("rougeL", rouge), Map.of("rougeL", 0.40), 10.0, 10.0
        * speedup, speedup, params, 1_000_000, 0.3, null);
  }
}
