package dev.shears.trainer.stage;

import ai.djl.ndarray.NDManager;
import dev.shears.events.MaskEvent;
import dev.shears.model.DecoderLayerSelection;
import dev.shears.model.T5Model;
import dev.shears.spec.NumericalSpec;
import dev.shears.trainer.data.Batch;
import dev.shears.trainer.numerical.GramCollector;
import dev.shears.trainer.numerical.NumericalPruner;
import dev.shears.trainer.numerical.Projection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The training-free pruning stage of {@link NumericalSpec} (Numerical Pruning adapted to T5, see {@link
 * NumericalPruner}): optionally keeps d_s uniformly selected decoder layers of the fine-tuned teacher, runs the dense
 * model teacher-forced over {@code calibrationExamples} training examples collecting each output projection's Gram,
 * scores and cuts heads and FFN dimensions globally, refits the kept output-projection columns and removes the rest.
 * Forward passes only. Reports one MaskEvent (the encoder's kept heads and FFN dimensions) and the reconstruction
 * errors with and without the refit. A stop request during calibration restarts the stage on resume.
 */
public final class NumericalPruneStage implements Stage {
  @Override
  public String name() {
    return StageNames.PRUNE_NUMERICAL;
  }

  @Override
  public Map<String, Double> run(TrialContext ctx) {
    NumericalSpec spec = ctx.spec().requires(NumericalSpec.class, name());
    long start = System.nanoTime();
    T5Model teacher = ctx.teacher();
    int layers = teacher.config().numDecoderLayers();
    if (spec.decoderLayers() > layers) {
      throw new IllegalArgumentException(NumericalSpec.NAME + ".decoderLayers: " + spec.decoderLayers()
          + " is more than the teacher's " + layers + " decoder layers");
    }
    int[] selection = spec.decoderLayers() == 0 ? IntStream.range(0, layers).toArray()
        : DecoderLayerSelection.uniform(layers, spec.decoderLayers());
    T5Model dense = spec.decoderLayers() == 0 ? teacher : teacher.withDecoderLayers(selection);
    NumericalPruner pruner = new NumericalPruner(new NumericalPruner.Settings(spec.sparsity(),
        NumericalPruner.Scope.parse(spec.scope()), spec.compensate(), spec.ridge()));
    Map<String, Double> metrics = new LinkedHashMap<>();
    T5Model pruned;
    try {
      GramCollector collector = calibrate(ctx, dense, spec.calibrationExamples());
      double calibrated = seconds(start);
      Map<String, double[][]> grams = collector.grams();
      NumericalPruner.Plan plan = pruner.plan(dense, grams);
      Map<String, double[][]> kept = pruner.keptColumns(dense, grams, plan);
      NumericalPruner.Reconstruction error = NumericalPruner.reconstruction(dense, grams, plan, kept);
      pruned = NumericalPruner.prune(dense, plan, kept);
      metrics.put("sparsity", plan.sparsity());
      metrics.put("target", spec.sparsity());
      metrics.put("modelSparsity", ExportStage.measuredModelSparsity(pruned, teacher.config()));
      metrics.put("encoderSparsity", ExportStage.measuredEncoderSparsity(pruned, teacher.config()));
      metrics.put("reconstructionErrorSliced", error.sliced());
      metrics.put("reconstructionErrorCompensated", error.compensated());
      metrics.put("calibrationExamples", (double) spec.calibrationExamples());
      metrics.put("calibrationTokens", (double) (collector.encoderTokens() + collector.decoderTokens()));
      metrics.put("calibrationSeconds", calibrated);
      metrics.put("decoderLayers", (double) selection.length);
      metrics.put("params", (double) pruned.numParameters());
      metrics.put("teacherParams", (double) teacher.numParameters());
      reportMasks(ctx, plan, spec.sparsity(), metrics.get("modelSparsity"));
    } finally {
      if (dense != teacher) {
        dense.close();
      }
    }
    ctx.state().decoderSelection = selection;
    ctx.state().replaceStudent(pruned);
    metrics.put("seconds", seconds(start));
    return metrics;
  }

  /** Grams over the first {@code examples} training examples, in whole batches and one cut at the end. */
  private static GramCollector calibrate(TrialContext ctx, T5Model dense, int examples) {
    GramCollector collector = new GramCollector(dense);
    int seen = 0;
    for (long index = 0; seen < examples; index++) {
      ctx.checkStop();
      try (NDManager scope = ctx.manager().newSubManager()) {
        Batch batch = ctx.data().train(index, scope);
        int n = (int) batch.inputIds().getShape().get(0);
        int take = Math.min(n, examples - seen);
        collector.add(take == n ? batch : head(batch, take));
        seen += take;
      }
    }
    return collector;
  }

  private static Batch head(Batch b, int n) {
    String rows = "0:" + n;
    return new Batch(b.inputIds().get(rows), b.attentionMask().get(rows), b.decoderInputIds().get(rows),
        b.decoderAttentionMask().get(rows), b.labels().get(rows));
  }

  /** One MaskEvent: per encoder layer 1/0 per head and the FFN dimensions kept; the in-scope sparsity reached. */
  private static void reportMasks(TrialContext ctx, NumericalPruner.Plan plan, double target, double overall) {
    List<List<Double>> heads = new ArrayList<>();
    List<Double> ffn = new ArrayList<>();
    for (Projection p : plan.projections()) {
      boolean[] kept = plan.kept().get(p.weight());
      if (p.kind() == Projection.Kind.ENCODER_HEADS) {
        List<Double> row = new ArrayList<>();
        for (boolean k : kept) {
          row.add(k ? 1.0 : 0.0);
        }
        heads.add(row);
      } else if (p.kind() == Projection.Kind.ENCODER_FFN) {
        ffn.add((double) plan.keptUnits(p));
      }
    }
    long step = ctx.state().globalStep();
    ctx.sink().telemetry(new MaskEvent(step, StageNames.PRUNE_NUMERICAL, heads, ffn, plan.sparsity(), target,
        overall));
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
