package dev.shears.trainer.stage;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.shears.model.Gates;
import dev.shears.model.PhysicalPruner;
import dev.shears.model.PruningInfo;
import dev.shears.model.T5Model;
import dev.shears.spec.FinetunePruned;
import dev.shears.spec.MethodSpec.Distilled;
import dev.shears.spec.MethodSpec.PrunedFinetune;
import dev.shears.trainer.checkpoint.CheckpointStore;
import dev.shears.trainer.data.Batch;
import dev.shears.trainer.nash.DistillationLoss;
import dev.shears.trainer.optim.AdamW;
import dev.shears.trainer.optim.LinearSchedule;
import dev.shears.trainer.spec.TrialSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stage 4 (DESIGN §4): fixes the encoder gates at their deterministic values (implementation notes §4) by physically
 * pruning the student (zeroed heads and FFN dimensions removed, fractional values folded in, which equals training
 * with the gates fixed), then fine-tunes it: the NASH recipe (label cross-entropy, no teacher) or the CoFi recipe
 * {@code distill} (the pruning loss without R). AdamW, linear decay; the best validation model is kept as
 * {@code <trial>/best}.
 */
public final class FinetunePrunedStage implements Stage {
  private final boolean distillSmall;

  /** finetune-pruned of nash and uniform-only. */
  public FinetunePrunedStage() {
    this(false);
  }

  /**
   * With {@code distillSmall}, the distill-student stage of the distill-small baseline: the pruning loss without R
   * (KL + hidden-state MSE + optional CE) for {@code training.steps} at {@code training.lr}.
   */
  public FinetunePrunedStage(boolean distillSmall) {
    this.distillSmall = distillSmall;
  }

  @Override
  public String name() {
    return distillSmall ? StageNames.DISTILL_STUDENT : StageNames.FINETUNE_PRUNED;
  }

  @Override
  public Map<String, Double> run(TrialContext ctx) {
    TrialSpec spec = ctx.spec();
    TrialState state = ctx.state();
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (state.stageStep == 0 && state.headGates != null && state.student.layout().isFull(state.student.config())) {
      Pruned pruned = prune(state, spec, ctx.manager(), true);
      state.replaceStudent(pruned.model());
      pruned.maskShifts().forEach((constraint, shift) -> metrics.put(constraint + "MaskShift", shift));
    }
    T5Model model = state.student;
    FinetunePruned finetune = distillSmall ? null : spec.requires(PrunedFinetune.class, name()).finetunePruned();
    DistillationLoss loss = distillSmall || finetune.distills()
        ? DistillationLoss.of(spec.requires(Distilled.class, name()).distillation(), Batch.IGNORE_INDEX)
        : ModelSteps.CROSS_ENTROPY;
    T5Model teacher = loss.weights().needsTeacher() ? ctx.teacher() : null;
    int steps = distillSmall ? spec.training().steps() : finetune.steps();
    double peakLr = distillSmall ? spec.training().lr() : finetune.lr();
    if (steps > 0 && state.modelOptimizer == null) {
      state.modelOptimizer = TrialCheckpoint.optimizer(state, "model", ctx.manager(), ModelSteps.trainable(model),
          AdamW.Settings.DEFAULT);
    }
    LinearSchedule schedule = new LinearSchedule(peakLr, 0, Math.max(1, steps));
    int validateEvery = spec.trainer().validateEvery();
    while (state.stageStep < steps) {
      ctx.checkStop();
      double lr = schedule.lr(state.stageStep);
      try (NDManager scope = ctx.manager().newSubManager()) {
        Batch batch = ctx.data().train(state.stageStep, scope);
        float[] values = ModelSteps.update(model, batch, loss, teacher, state.decoderSelection,
            state.modelOptimizer, lr);
        ctx.reportLoss(name(), values, lr);
      }
      boolean validate = (state.stageStep + 1) % validateEvery == 0 || state.stageStep + 1 == steps;
      if (validate) {
        keepIfBest(ctx, model, ModelSteps.validationLoss(model, ctx));
      }
      ctx.stepDone(name());
      ctx.validateAtRung(name(), model, scope -> Gates.none());
    }
    state.closeOptimizers();
    if (state.bestUri == null) {
      keepIfBest(ctx, model, ModelSteps.validationLoss(model, ctx));
    }
    metrics.put("steps", (double) steps);
    metrics.put("bestValidationLoss", state.bestValidation);
    metrics.put("params", (double) model.numParameters());
    return metrics;
  }

  /**
   * The student with every gate's deterministic value folded in and zeroed structure removed; decoder blocks left
   * with no sublayer are deleted and {@link TrialState#decoderSelection} follows the surviving blocks. With
   * {@code calibrate} the masks are first fitted to the sparsity targets ({@link GateLayout#fix}).
   */
  static Pruned prune(TrialState state, TrialSpec spec, NDManager manager, boolean calibrate) {
    T5Model pruned;
    GateLayout.FixedMasks fixed;
    try (NDManager scope = manager.newSubManager()) {
      fixed = GateLayout.of(spec, state.student.config()).fix(state::gate, calibrate);
      Map<String, NDArray> values = new LinkedHashMap<>();
      fixed.masks().forEach((name, mask) -> values.put(name, GateLayout.array(scope, mask)));
      pruned = PhysicalPruner.prune(state.student, GateLayout.gates(values));
    }
    PruningInfo layout = pruned.layout();
    List<Integer> kept = new ArrayList<>();
    for (int k = 0; k < pruned.config().numDecoderLayers(); k++) {
      if (layout.decoderSelfHeads()[k].length + layout.decoderCrossHeads()[k].length
          + layout.decoderFfnDims()[k].length > 0) {
        kept.add(k);
      }
    }
    if (kept.size() == pruned.config().numDecoderLayers() || kept.isEmpty()) {
      // With every block emptied the first one stays: the decoder is then its embeddings and final norm.
      if (kept.isEmpty() && pruned.config().numDecoderLayers() > 1) {
        return new Pruned(dropBlocks(pruned, state, new int[] {0}), fixed.shifts());
      }
      return new Pruned(pruned, fixed.shifts());
    }
    return new Pruned(dropBlocks(pruned, state, kept.stream().mapToInt(Integer::intValue).toArray()),
        fixed.shifts());
  }

  /** A pruned student and the log-α shift each constraint's masks took (see {@link GateLayout#fix}). */
  record Pruned(T5Model model, Map<String, Double> maskShifts) {}

  private static T5Model dropBlocks(T5Model pruned, TrialState state, int[] keep) {
    try {
      int[] selection = new int[keep.length];
      for (int i = 0; i < keep.length; i++) {
        selection[i] = state.decoderSelection[keep[i]];
      }
      T5Model smaller = pruned.withDecoderLayers(keep);
      state.decoderSelection = selection;
      return smaller;
    } finally {
      pruned.close();
    }
  }

  private static void keepIfBest(TrialContext ctx, T5Model model, double validation) {
    TrialState state = ctx.state();
    if (validation < state.bestValidation || state.bestUri == null) {
      CheckpointStore.Written best = ctx.store().write(ctx.spec().trialId(), "best", model::save);
      state.bestValidation = validation;
      state.bestUri = best.uri();
    }
  }
}
