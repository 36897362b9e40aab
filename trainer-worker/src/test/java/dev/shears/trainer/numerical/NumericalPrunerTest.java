package dev.shears.trainer.numerical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.shears.model.BuiltinModels;
import dev.shears.model.Gates;
import dev.shears.model.PruningInfo;
import dev.shears.model.T5Model;
import dev.shears.trainer.data.Batch;
import dev.shears.trainer.data.Example;
import dev.shears.trainer.data.ExampleBatches;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Numerical pruning of a seeded builtin:tiny-t5 on token-level data (forwards only). */
class NumericalPrunerTest {
  private static NDManager manager;
  private static T5Model model;
  private static ExampleBatches data;
  private static Map<String, double[][]> grams;

  @BeforeAll
  static void calibrate() {
    manager = NDManager.newBaseManager();
    model = T5Model.builtin(BuiltinModels.TINY_T5, 3, manager);
    Random r = new Random(99);
    data = new ExampleBatches(examples(r, 32), examples(r, 8), 8, 14, 8, 5, new ExampleBatches.Special(0, 1, 0));
    GramCollector collector = new GramCollector(model);
    for (int i = 0; i < 4; i++) {
      try (NDManager scope = manager.newSubManager()) {
        collector.add(data.train(i, scope));
      }
    }
    grams = collector.grams();
  }

  @AfterAll
  static void close() {
    model.close();
    manager.close();
  }

  private static List<Example> examples(Random r, int n) {
    List<Example> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int[] source = new int[6 + r.nextInt(8)];
      for (int k = 0; k < source.length; k++) {
        source[k] = 5 + r.nextInt(60);
      }
      out.add(new Example(source, java.util.Arrays.copyOf(source, 2 + r.nextInt(4))));
    }
    return out;
  }

  @Test
  void everyOutputProjectionIsCalibrated() {
    assertThat(grams).hasSize(2 * 6 + 3 * 12);
    assertThat(grams.get("encoder.block.0.layer.0.SelfAttention.o.weight")).hasNumberOfRows(4 * 32);
    assertThat(grams.get("decoder.block.11.layer.2.DenseReluDense.wo.weight")).hasNumberOfRows(512);
  }

  @Test
  void padPositionsAddNothing() {
    // Two sequences batched with padding give the Grams of the two run alone, added.
    int[] a = {7, 8, 9, 10, 11, 12};
    int[] b = {20, 21, 22};
    int[] ta = {7, 8, 9, 10};
    int[] tb = {20};
    try (NDManager scope = manager.newSubManager()) {
      GramCollector both = new GramCollector(model);
      both.add(batch(scope, new int[][] {a, b}, new int[][] {ta, tb}));
      GramCollector alone = new GramCollector(model);
      alone.add(batch(scope, new int[][] {a}, new int[][] {ta}));
      alone.add(batch(scope, new int[][] {b}, new int[][] {tb}));
      assertThat(both.encoderTokens()).isEqualTo(9);
      assertThat(both.decoderTokens()).isEqualTo(5 + 2);
      Map<String, double[][]> g1 = both.grams();
      Map<String, double[][]> g2 = alone.grams();
      for (String name : g1.keySet()) {
        double scale = trace(g2.get(name));
        assertThat(Dense.distance(g1.get(name), g2.get(name))).as(name).isLessThan(1e-8 * scale * scale + 1e-12);
      }
    }
  }

  /** A batch padded on the right, targets shifted right behind the pad id as start token. */
  private static Batch batch(NDManager m, int[][] sources, int[][] targets) {
    int s = 0;
    int t = 0;
    for (int i = 0; i < sources.length; i++) {
      s = Math.max(s, sources[i].length);
      t = Math.max(t, targets[i].length + 1);
    }
    long[] ids = new long[sources.length * s];
    long[] mask = new long[ids.length];
    long[] dec = new long[sources.length * t];
    long[] decMask = new long[dec.length];
    for (int i = 0; i < sources.length; i++) {
      for (int k = 0; k < sources[i].length; k++) {
        ids[i * s + k] = sources[i][k];
        mask[i * s + k] = 1;
      }
      decMask[i * t] = 1;
      for (int k = 0; k < targets[i].length; k++) {
        dec[i * t + k + 1] = targets[i][k];
        decMask[i * t + k + 1] = 1;
      }
    }
    Shape src = new Shape(sources.length, s);
    Shape tgt = new Shape(sources.length, t);
    return new Batch(m.create(ids, src), m.create(mask, src), m.create(dec, tgt), m.create(decMask, tgt),
        m.create(dec, tgt));
  }

  private static double trace(double[][] g) {
    double s = 0;
    for (int i = 0; i < g.length; i++) {
      s += g[i][i];
    }
    return s;
  }

  @Test
  void theCutReachesTheTargetInEveryScope() {
    Map<NumericalPruner.Scope, double[]> targets = Map.of(NumericalPruner.Scope.BOTH, new double[] {0.1, 0.8},
        NumericalPruner.Scope.ENCODER, new double[] {0.5}, NumericalPruner.Scope.DECODER, new double[] {0.3});
    for (NumericalPruner.Scope scope : NumericalPruner.Scope.values()) {
      for (double target : targets.get(scope)) {
        NumericalPruner pruner = new NumericalPruner(new NumericalPruner.Settings(target, scope, false, 0.01));
        NumericalPruner.Plan plan = pruner.plan(model, grams);
        assertThat(plan.sparsity()).as("%s %s", scope, target).isCloseTo(target, within(0.02));
        try (T5Model pruned = NumericalPruner.prune(model, plan, pruner.keptColumns(model, grams, plan))) {
          assertThat(inScopeSparsity(pruned.layout(), scope)).as("%s %s measured", scope, target)
              .isCloseTo(target, within(0.02));
          PruningInfo full = model.layout();
          if (scope == NumericalPruner.Scope.ENCODER) {
            assertThat(pruned.layout().decoderFfnDims()).isDeepEqualTo(full.decoderFfnDims());
            assertThat(pruned.layout().decoderCrossHeads()).isDeepEqualTo(full.decoderCrossHeads());
          }
          if (scope == NumericalPruner.Scope.DECODER) {
            assertThat(pruned.layout().encoderFfnDims()).isDeepEqualTo(full.encoderFfnDims());
            assertThat(pruned.layout().encoderHeads()).isDeepEqualTo(full.encoderHeads());
          }
        }
      }
    }
  }

  /** Removed fraction of the in-scope prunable parameters, counted from the kept original indices. */
  private static double inScopeSparsity(PruningInfo p, NumericalPruner.Scope scope) {
    long head = 4L * 128 * 32;
    long ffn = 2L * 128;
    long kept = 0;
    long total = 0;
    if (scope != NumericalPruner.Scope.DECODER) {
      for (int l = 0; l < 6; l++) {
        kept += p.encoderHeads()[l].length * head + p.encoderFfnDims()[l].length * ffn;
        total += 4 * head + 512 * ffn;
      }
    }
    if (scope != NumericalPruner.Scope.ENCODER) {
      for (int l = 0; l < 12; l++) {
        kept += (p.decoderSelfHeads()[l].length + p.decoderCrossHeads()[l].length) * head
            + p.decoderFfnDims()[l].length * ffn;
        total += 8 * head + 512 * ffn;
      }
    }
    return 1 - (double) kept / total;
  }

  @Test
  void maskedAndExportedForwardsAgree() {
    NumericalPruner pruner =
        new NumericalPruner(new NumericalPruner.Settings(0.5, NumericalPruner.Scope.BOTH, true, 0.01));
    NumericalPruner.Plan plan = pruner.plan(model, grams);
    Map<String, double[][]> kept = pruner.keptColumns(model, grams, plan);
    try (NDManager scope = manager.newSubManager();
        T5Model full = NumericalPruner.withKeptColumns(model, plan, kept);
        T5Model pruned = NumericalPruner.prune(model, plan, kept)) {
      Batch b = data.validation(0, scope);
      Gates gates = plan.gates(scope);
      NDArray masked = full.logits(b.inputIds(), b.attentionMask(), b.decoderInputIds(), b.decoderAttentionMask(),
          gates);
      NDArray exported = pruned.logits(b.inputIds(), b.attentionMask(), b.decoderInputIds(),
          b.decoderAttentionMask(), Gates.none());
      assertThat(masked.sub(exported).abs().max().getFloat()).isLessThan(1e-4f);
      assertThat(pruned.numParameters()).isLessThan(model.numParameters());
      // The refit changed the kept columns: the masked forward of the uncompensated model differs.
      NDArray sliced = model.logits(b.inputIds(), b.attentionMask(), b.decoderInputIds(), b.decoderAttentionMask(),
          gates);
      assertThat(sliced.sub(exported).abs().max().getFloat()).isGreaterThan(1e-3f);
    }
  }

  @Test
  void theRefitLowersTheReconstructionErrorOfThePrunedProjections() {
    for (double target : new double[] {0.5}) {
      NumericalPruner pruner =
          new NumericalPruner(new NumericalPruner.Settings(target, NumericalPruner.Scope.BOTH, true, 0.01));
      NumericalPruner.Plan plan = pruner.plan(model, grams);
      NumericalPruner.Reconstruction r =
          NumericalPruner.reconstruction(model, grams, plan, pruner.keptColumns(model, grams, plan));
      assertThat(r.sliced()).isGreaterThan(0);
      assertThat(r.compensated()).isLessThan(r.sliced());
    }
  }

  @Test
  void withoutCompensationTheKeptWeightsAreCopied() {
    NumericalPruner pruner =
        new NumericalPruner(new NumericalPruner.Settings(0.4, NumericalPruner.Scope.BOTH, false, 0.01));
    NumericalPruner.Plan plan = pruner.plan(model, grams);
    try (T5Model full = NumericalPruner.withKeptColumns(model, plan, pruner.keptColumns(model, grams, plan))) {
      for (Map.Entry<String, NDArray> e : model.parameters().entrySet()) {
        assertThat(java.util.Arrays.equals(full.parameters().get(e.getKey()).toFloatArray(),
            e.getValue().toFloatArray())).as(e.getKey()).isTrue();
      }
    }
  }
}
