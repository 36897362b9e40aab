package dev.shears.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Backward must not depend on what the garbage collector does between forward and backward: every operand
 * autograd keeps must be memory torch owns, not a direct buffer Java may free.
 */
class TrainingGradientsTest {
  @Test
  void gradientsStayFiniteWhenGarbageIsCollectedBeforeBackward() {
    for (T5Config config : List.of(PruningTest.RELU, PruningTest.GATED,
        BuiltinModels.tinyT5Config())) {
      try (NDManager m = NDManager.newBaseManager();
          T5Model model = T5Model.initialize(config, 3, m)) {
        model.parameters().values().forEach(p -> p.setRequiresGradient(true));
        NDArray ids = m.create(new long[] {5, 9, 13, 20, 7, 1, 8, 30, 2, 1, 0, 0}, new Shape(2, 6));
        NDArray mask = m.create(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0}, new Shape(2, 6));
        NDArray dec = m.create(new long[] {0, 4, 6, 8, 0, 10, 12, 14}, new Shape(2, 4));
        try (GradientCollector collector = Engine.getInstance().newGradientCollector();
            Seq2SeqOutput out = model.forward(ids, mask, dec, null, Gates.none())) {
          NDArray loss = out.logits().logSoftmax(-1).mean().neg();
          churnNativeMemory();
          collector.backward(loss);
        }
        for (Map.Entry<String, NDArray> p : model.parameters().entrySet()) {
          float[] g = p.getValue().getGradient().toFloatArray();
          for (float v : g) {
            assertThat(Float.isFinite(v)).as("%s gradient of %s", p.getKey(), config.feedForwardProj()).isTrue();
          }
        }
      }
    }
  }

  @Test
  void gradientsOfAPrunedModelStayFiniteWhenGarbageIsCollectedBeforeBackward() {
    // Kept heads {0, 2} of 4 in every layer: the relative-attention bias is sliced by an index array, whose
    // backward keeps that index.
    try (NDManager m = NDManager.newBaseManager();
        T5Model full = T5Model.initialize(BuiltinModels.tinyT5Config(), 3, m)) {
      T5Config c = full.config();
      float[] enc = new float[c.numLayers() * c.numHeads()];
      float[] dec = new float[c.numDecoderLayers() * c.numHeads()];
      for (float[] g : List.of(enc, dec)) {
        for (int i = 0; i < g.length; i++) {
          g[i] = i % 2 == 0 ? 1f : 0f;
        }
      }
      Gates gates = Gates.builder()
          .optEncoderHeads(m.create(enc, new Shape(c.numLayers(), c.numHeads())))
          .optDecoderSelfHeads(m.create(dec, new Shape(c.numDecoderLayers(), c.numHeads())))
          .optDecoderCrossHeads(m.create(dec, new Shape(c.numDecoderLayers(), c.numHeads())))
          .build();
      try (T5Model model = PhysicalPruner.prune(full, gates)) {
        model.parameters().values().forEach(p -> p.setRequiresGradient(true));
        for (int step = 0; step < 3; step++) {
          try (NDManager scope = m.newSubManager()) {
            NDArray ids = scope.create(new long[] {5, 9, 13, 20, 7, 1, 8, 30, 2, 1, 0, 0}, new Shape(2, 6));
            NDArray mask = scope.create(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0}, new Shape(2, 6));
            NDArray decIds = scope.create(new long[] {0, 4, 6, 8, 0, 10, 12, 14}, new Shape(2, 4));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector();
                Seq2SeqOutput out = model.forward(ids, mask, decIds, null, Gates.none())) {
              NDArray loss = out.logits().logSoftmax(-1).mean().neg();
              churnNativeMemory();
              collector.backward(loss);
            }
          }
          for (Map.Entry<String, NDArray> p : model.parameters().entrySet()) {
            for (float v : p.getValue().getGradient().toFloatArray()) {
              assertThat(Float.isFinite(v)).as("%s gradient at step %d", p.getKey(), step).isTrue();
            }
          }
        }
      }
    }
  }

  /** Frees unreachable direct buffers and reuses their memory, as a busy service does between two calls. */
  private static void churnNativeMemory() {
    for (int round = 0; round < 3; round++) {
      System.gc();
      List<ByteBuffer> fill = new ArrayList<>();
      for (int i = 0; i < 256; i++) {
        ByteBuffer b = ByteBuffer.allocateDirect(64);
        while (b.hasRemaining()) {
          b.put((byte) 0xFF);
        }
        fill.add(b);
      }
    }
  }
}
