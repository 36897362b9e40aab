package dev.shears.trainer.stage;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import dev.shears.events.LagrangianEvent;
import dev.shears.events.MaskEvent;
import dev.shears.model.Gates;
import dev.shears.model.Seq2SeqOutput;
import dev.shears.model.T5Config;
import dev.shears.model.T5Model;
import dev.shears.spec.MethodSpec.GatedPruning;
import dev.shears.trainer.data.Batch;
import dev.shears.trainer.nash.DistillationLoss;
import dev.shears.trainer.nash.ExpectedSparsity;
import dev.shears.trainer.nash.HardConcreteGate;
import dev.shears.trainer.nash.LagrangianController;
import dev.shears.trainer.optim.AdamW;
import dev.shears.trainer.optim.LinearSchedule;
import dev.shears.trainer.spec.TrialSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stage 3 (DESIGN §4, NASH §4.2–4.3): hard-concrete gates on every encoder head and FFN dimension, trained with
 * the distillation loss plus the Lagrangian term {@code R = λ1(ŝ−t) + λ2(ŝ−t)²} toward the target encoder
 * sparsity; for cofi and the l0 decoder selection also the decoder and sublayer gates and constraints of
 * {@link GateLayout}. Per step: one gate sample shared by the batch; model AdamW at the linearly decaying lr with global
 * norm clipping 1.0; gate AdamW at regLr; λ AdamW at −regLr; then log α is clamped (implementation notes §3).
 */
public final class PruneEncoderStage implements Stage {
  @Override
  public String name() {
    return StageNames.PRUNE_ENCODER;
  }

  /** The encoder shape the constraint counts. */
  static ExpectedSparsity sparsityOf(T5Config c) {
    return new ExpectedSparsity(c.numLayers(), c.numHeads(), c.dModel(), c.dKv(), c.dFf(), c.gated());
  }

  @Override
  public Map<String, Double> run(TrialContext ctx) {
    TrialSpec spec = ctx.spec();
    GatedPruning pruning = spec.requires(GatedPruning.class, name());
    TrialState state = ctx.state();
    T5Model student = state.student;
    T5Config config = student.config();
    if (!student.layout().isFull(config)) {
      throw new IllegalArgumentException("teacher.model: prune-encoder needs an unpruned model, "
          + "the student's encoder is already pruned");
    }
    GateLayout layout = GateLayout.of(spec, config);
    if (state.headGates == null) {
      state.headGates = HardConcreteGate.init(GateLayout.ENCODER_HEADS, ctx.manager(), config.numLayers(),
          config.numHeads(), GateLayout.HEAD_INIT, GateLayout.INIT_SD, state.random);
      state.ffnGates = HardConcreteGate.init(GateLayout.ENCODER_FFN, ctx.manager(), config.numLayers(),
          config.dFf(), GateLayout.FFN_INIT, GateLayout.INIT_SD, state.random);
      for (GateLayout.GateShape g : layout.extraGates()) {
        state.extraGates.put(g.name(), HardConcreteGate.init(g.name(), ctx.manager(), g.layers(), g.n(), g.init(),
            GateLayout.INIT_SD, state.random));
      }
    }
    if (state.lagrangian == null) {
      state.lagrangian = new LagrangianController(ctx.manager(), pruning.targetSparsity(),
          pruning.sparsityWarmupSteps());
    }
    if (state.modelOptimizer == null) {
      state.modelOptimizer = TrialCheckpoint.optimizer(state, "model", ctx.manager(),
          ModelSteps.trainable(student), AdamW.Settings.DEFAULT);
      List<NDArray> logAlpha = new ArrayList<>(List.of(state.headGates.logAlpha(), state.ffnGates.logAlpha()));
      for (GateLayout.GateShape g : layout.extraGates()) {
        logAlpha.add(state.gate(g.name()).logAlpha());
      }
      state.gateOptimizer = TrialCheckpoint.optimizer(state, "gates", ctx.manager(), logAlpha,
          AdamW.Settings.DEFAULT);
      state.lagrangianOptimizer = TrialCheckpoint.optimizer(state, "lagrangian", ctx.manager(),
          state.lagrangian.parameters(), AdamW.Settings.DEFAULT);
    }
    DistillationLoss loss = DistillationLoss.of(pruning.distillation(), Batch.IGNORE_INDEX);
    int steps = spec.training().steps();
    LinearSchedule schedule = new LinearSchedule(spec.training().lr(), 0, steps);
    T5Model teacher = loss.weights().needsTeacher() ? ctx.teacher() : null;
    float[] last = null;
    while (state.stageStep < steps) {
      ctx.checkStop();
      double lr = schedule.lr(state.stageStep);
      try (NDManager scope = ctx.manager().newSubManager()) {
        Batch batch = ctx.data().train(state.stageStep, scope);
        last = step(ctx, student, teacher, batch, loss, layout, lr);
      }
      ctx.reportLoss(name(), new float[] {last[0], last[1], last[2], last[3], last[4], last[5]}, lr);
      if (state.globalStep % spec.trainer().maskEvery() == 0 || state.stageStep + 1 == steps) {
        reportMasks(ctx, last[6]);
      }
      ctx.stepDone(name());
      ctx.validateAtRung(name(), student, scope -> deterministicGates(state, layout, scope));
    }
    state.closeOptimizers();
    Map<String, Double> metrics = new LinkedHashMap<>();
    List<GateLayout.Constraint> constraints = layout.constraints();
    metrics.put("expectedSparsity", constraints.get(0).expectedValue(state::gate));
    metrics.put("target", state.lagrangian.target(state.stageStep));
    for (GateLayout.Constraint c : constraints.subList(1, constraints.size())) {
      metrics.put(c.name() + "ExpectedSparsity", c.expectedValue(state::gate));
      metrics.put(c.name() + "Target", state.lagrangian.target(c.target(), state.stageStep));
    }
    metrics.put("lambda1", state.lagrangian.lambda1());
    metrics.put("lambda2", state.lagrangian.lambda2());
    if (last != null) {
      metrics.put("loss", (double) last[0]);
    }
    return metrics;
  }

  /** The gates at their deterministic values, in {@code scope}: what the pruned model would be now. */
  private static Gates deterministicGates(TrialState state, GateLayout layout, NDManager scope) {
    Map<String, NDArray> fixed = new LinkedHashMap<>();
    fixed.put(GateLayout.ENCODER_HEADS, GateLayout.array(scope, state.headGates.deterministic()));
    fixed.put(GateLayout.ENCODER_FFN, GateLayout.array(scope, state.ffnGates.deterministic()));
    for (GateLayout.GateShape g : layout.extraGates()) {
      fixed.put(g.name(), GateLayout.array(scope, state.gate(g.name()).deterministic()));
    }
    return GateLayout.gates(fixed);
  }

  /**
   * One update; returns total, kd, encHidden, decHidden, ce, lagrangian, then ŝ of each constraint (the first is
   * the one the masks report).
   */
  private float[] step(TrialContext ctx, T5Model student, T5Model teacher, Batch batch, DistillationLoss loss,
      GateLayout layout, double lr) {
    TrialState state = ctx.state();
    double regLr = ctx.spec().requires(GatedPruning.class, name()).regLr();
    float[] values;
    try (NDScope ignored = new NDScope()) {
      Seq2SeqOutput t = teacher == null ? null : ModelSteps.teacherForward(teacher, batch);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        Map<String, NDArray> samples = new LinkedHashMap<>();
        samples.put(GateLayout.ENCODER_HEADS, state.headGates.sample(state.random));
        samples.put(GateLayout.ENCODER_FFN, state.ffnGates.sample(state.random));
        for (GateLayout.GateShape g : layout.extraGates()) {
          samples.put(g.name(), state.gate(g.name()).sample(state.random));
        }
        Seq2SeqOutput s = student.forward(batch.inputIds(), batch.attentionMask(), batch.decoderInputIds(),
            batch.decoderAttentionMask(), GateLayout.gates(samples));
        DistillationLoss.Components c = loss.compute(ModelSteps.inputs(s, t, batch, state.decoderSelection));
        List<NDArray> read = new ArrayList<>();
        NDArray lagrangian = null;
        List<NDArray> expected = new ArrayList<>();
        for (GateLayout.Constraint constraint : layout.constraints()) {
          NDArray e = constraint.expected(state::gate);
          NDArray r = state.lagrangian.regularizer(e, constraint.target(), state.stageStep);
          lagrangian = lagrangian == null ? r : lagrangian.add(r);
          expected.add(e);
        }
        NDArray total = c.total().add(lagrangian);
        collector.backward(total);
        read.addAll(List.of(total, c.kd(), c.encHidden(), c.decHidden(), c.ce(), lagrangian));
        read.addAll(expected);
        values = ModelSteps.read(read.toArray(NDArray[]::new));
      }
      ModelSteps.CLIPPER.clip(state.modelOptimizer.parameters());
      state.modelOptimizer.step(lr);
      state.gateOptimizer.step(regLr);
      state.lagrangianOptimizer.step(-regLr);
    }
    state.headGates.clampLogAlpha();
    state.ffnGates.clampLogAlpha();
    state.extraGates.values().forEach(HardConcreteGate::clampLogAlpha);
    return values;
  }

  private static void reportMasks(TrialContext ctx, float expected) {
    TrialState state = ctx.state();
    double[][] headP = state.headGates.probNonZeroValues();
    double[][] ffnP = state.ffnGates.probNonZeroValues();
    List<List<Double>> headZ = new ArrayList<>();
    List<Double> ffnKept = new ArrayList<>();
    for (int l = 0; l < headP.length; l++) {
      List<Double> row = new ArrayList<>();
      for (double p : headP[l]) {
        row.add(p);
      }
      headZ.add(row);
      double kept = 0;
      for (double p : ffnP[l]) {
        kept += p;
      }
      ffnKept.add(kept);
    }
    double target = state.lagrangian.target(state.stageStep);
    String stage = StageNames.PRUNE_ENCODER;
    ctx.sink().telemetry(new MaskEvent(state.globalStep, stage, headZ, ffnKept, expected, target, null));
    ctx.sink().telemetry(new LagrangianEvent(state.globalStep, stage, state.lagrangian.lambda1(),
        state.lagrangian.lambda2(), expected, target));
  }
}
