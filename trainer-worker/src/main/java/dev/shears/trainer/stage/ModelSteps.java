package dev.shears.trainer.stage;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import dev.shears.model.Gates;
import dev.shears.model.Seq2SeqOutput;
import dev.shears.model.T5Model;
import dev.shears.trainer.data.Batch;
import dev.shears.trainer.nash.DistillationLoss;
import dev.shears.trainer.optim.AdamW;
import dev.shears.trainer.optim.GradClipper;
import dev.shears.trainer.validation.ValidationRun;
import java.util.ArrayList;
import java.util.List;

/** The supervised update shared by finetune-teacher and finetune-pruned, and validation. */
final class ModelSteps {
  /** Clip the model's gradients to global norm 1.0 (implementation notes §3). */
  static final GradClipper CLIPPER = new GradClipper(1.0);
  /** Plain label cross-entropy, pad ignored. */
  static final DistillationLoss CROSS_ENTROPY =
      new DistillationLoss(new DistillationLoss.Weights(0, 1, 0, 0, 1), Batch.IGNORE_INDEX);

  private ModelSteps() {}

  /** Marks every parameter of {@code model} trainable and returns them in checkpoint order. */
  static List<NDArray> trainable(T5Model model) {
    List<NDArray> params = new ArrayList<>(model.parameters().values());
    for (NDArray p : params) {
      if (!p.hasGradient()) {
        p.setRequiresGradient(true);
      }
    }
    return params;
  }

  /**
   * One update of {@code model} on {@code batch} with {@code loss} (distilling from {@code teacher} when the loss
   * needs it; {@code decoderMap[k]} is the teacher layer of student decoder block k). Returns the six loss values
   * (total, kd, encHidden, decHidden, ce, lagrangian = 0).
   */
  static float[] update(T5Model model, Batch batch, DistillationLoss loss, T5Model teacher, int[] decoderMap,
      AdamW optimizer, double lr) {
    try (NDScope ignored = new NDScope()) {
      Seq2SeqOutput t = loss.weights().needsTeacher() ? teacherForward(teacher, batch) : null;
      float[] values;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        Seq2SeqOutput s = model.forward(batch.inputIds(), batch.attentionMask(), batch.decoderInputIds(),
            batch.decoderAttentionMask(), Gates.none());
        DistillationLoss.Components c = loss.compute(inputs(s, t, batch, decoderMap));
        collector.backward(c.total());
        values = read(c.total(), c.kd(), c.encHidden(), c.decHidden(), c.ce());
      }
      CLIPPER.clip(optimizer.parameters());
      optimizer.step(lr);
      return new float[] {values[0], values[1], values[2], values[3], values[4], 0f};
    }
  }

  /** The teacher's outputs, computed outside any gradient collector (no graph is kept). */
  static Seq2SeqOutput teacherForward(T5Model teacher, Batch batch) {
    return teacher.forward(batch.inputIds(), batch.attentionMask(), batch.decoderInputIds(),
        batch.decoderAttentionMask(), Gates.none());
  }

  /** The loss inputs with the teacher's decoder blocks picked at the student's source layers. */
  static DistillationLoss.Inputs inputs(Seq2SeqOutput s, Seq2SeqOutput t, Batch batch, int[] decoderMap) {
    if (t == null) {
      return new DistillationLoss.Inputs(s.logits(), null, batch.labels(), batch.attentionMask(),
          List.of(), List.of(), List.of(), List.of());
    }
    List<NDArray> teacherDecoder = new ArrayList<>();
    for (int k : decoderMap) {
      teacherDecoder.add(t.decoderBlockOutputs().get(k));
    }
    return new DistillationLoss.Inputs(s.logits(), t.logits(), batch.labels(), batch.attentionMask(),
        s.encoderBlockOutputs(), t.encoderBlockOutputs(), s.decoderBlockOutputs(), teacherDecoder);
  }

  /** Mean label cross-entropy over the validation batches (no gradients). */
  static double validationLoss(T5Model model, TrialContext ctx) {
    return validationLoss(model, ctx, Gates.none());
  }

  /** As {@link #validationLoss(T5Model, TrialContext)} with the model's structure masked by {@code gates}. */
  static double validationLoss(T5Model model, TrialContext ctx, Gates gates) {
    return ValidationRun.lossOnly(ctx.data()).run(model, gates, ctx.manager()).loss();
  }

  /** Reads several scalars with one device-to-host copy. */
  static float[] read(NDArray... scalars) {
    NDList list = new NDList(scalars.length);
    for (NDArray s : scalars) {
      list.add(s.reshape(1));
    }
    return NDArrays.concat(list).toFloatArray();
  }
}
