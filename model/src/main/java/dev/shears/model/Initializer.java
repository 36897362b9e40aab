package dev.shears.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Seeded weight initialisation following HF's {@code T5PreTrainedModel._init_weights}: embeddings
 * and a separate LM head N(0, f²); q N(0, f²/(D·K)); k, v N(0, f²/D); o N(0, f²/(H·K)); relative
 * bias N(0, f²/D); wi* N(0, f²/D); wo N(0, f²/F); layer norms f. Draws come from one {@link Random}
 * in canonical tensor order, so a seed gives the same model everywhere.
 */
final class Initializer {
  private Initializer() {}

  static T5Model initialize(T5Config c, long seed, NDManager parent) {
    PruningInfo layout = PruningInfo.full(c);
    Random rng = new Random(seed);
    double f = c.initializerFactor();
    try (NDManager staging = parent.newSubManager()) {
      Map<String, NDArray> tensors = new LinkedHashMap<>();
      for (Map.Entry<String, Shape> e : T5Model.expectedShapes(c, layout).entrySet()) {
        String name = e.getKey();
        Shape shape = e.getValue();
        float[] v = new float[(int) shape.size()];
        if (name.endsWith("layer_norm.weight")) {
          java.util.Arrays.fill(v, (float) f);
        } else {
          double std = f * stdFor(name, c);
          for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rng.nextGaussian() * std);
          }
        }
        tensors.put(name, staging.create(v, shape));
      }
      return T5Model.of(c, layout, tensors, parent);
    }
  }

  private static double stdFor(String name, T5Config c) {
    if (name.equals("shared.weight") || name.equals("lm_head.weight")) {
      return 1.0;
    }
    if (name.endsWith(".q.weight")) {
      return Math.pow((double) c.dModel() * c.dKv(), -0.5);
    }
    if (name.endsWith(".k.weight") || name.endsWith(".v.weight")
        || name.endsWith("relative_attention_bias.weight") || name.contains(".wi")) {
      return Math.pow(c.dModel(), -0.5);
    }
    if (name.endsWith(".o.weight")) {
      return Math.pow((double) c.numHeads() * c.dKv(), -0.5);
    }
    if (name.endsWith(".wo.weight")) {
      return Math.pow(c.dFf(), -0.5);
    }
    throw new IllegalStateException("no initialiser for " + name);
  }
}
