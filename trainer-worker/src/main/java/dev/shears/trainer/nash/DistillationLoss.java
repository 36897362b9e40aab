package dev.shears.trainer.nash;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.shears.spec.Distillation;
import dev.shears.trainer.optim.Scalars;
import java.util.List;

/**
 * The pruning-stage loss of NASH §4.3 (DESIGN §4 step 3), without the Lagrangian term:
 * {@code kd·T²·KL(p_teacher ‖ p_student) + λ_enc·MSE_enc + λ_dec·MSE_dec + ce·CE(labels)}.
 *
 * <ul>
 *   <li>KL on {@code softmax(logits/T)}, summed over the vocabulary and averaged over non-pad target tokens.</li>
 *   <li>MSE per layer pair: squared error summed over the hidden dimension, averaged over non-pad positions and
 *       divided by d (a mean over the non-pad elements); averaged over the layer pairs. Block outputs are compared
 *       before the final layer norm, with no projection.</li>
 *   <li>CE: label cross-entropy averaged over non-pad target tokens.</li>
 * </ul>
 * Target positions whose label is {@code ignoreIndex} never count; encoder positions count where the attention mask
 * is 1. Scalar operands are {@link Scalars} (GC-safe on the gradient path). Teacher tensors are taken as constants: compute them outside the gradient collector.
 *
 * @param weights the loss weights and temperature
 * @param ignoreIndex the label value of padding
 */
public record DistillationLoss(Weights weights, int ignoreIndex) {

  /** The loss with a spec's distillation weights. */
  public static DistillationLoss of(Distillation d, int ignoreIndex) {
    return new DistillationLoss(new Weights(d.kdWeight(), d.kdTemperature(), d.lambdaEnc(), d.lambdaDec(),
        d.ceWeight()), ignoreIndex);
  }

  /**
   * @param kd weight of the KL term
   * @param temperature T (> 0)
   * @param encHidden λ_enc
   * @param decHidden λ_dec
   * @param ce weight of the label cross-entropy
   */
  public record Weights(double kd, double temperature, double encHidden, double decHidden, double ce) {
    public Weights {
      if (!(temperature > 0)) {
        throw new IllegalArgumentException("nash.kdTemperature must be > 0, was " + temperature);
      }
      if (kd < 0 || encHidden < 0 || decHidden < 0 || ce < 0) {
        throw new IllegalArgumentException("loss weights must be >= 0, were kd=" + kd + " lambdaEnc=" + encHidden
            + " lambdaDec=" + decHidden + " ce=" + ce);
      }
    }

    /** Whether any term needs the teacher. */
    public boolean needsTeacher() {
      return kd > 0 || encHidden > 0 || decHidden > 0;
    }
  }

  /** Scalar loss components; unused terms are zero arrays. */
  public record Components(NDArray total, NDArray kd, NDArray encHidden, NDArray decHidden, NDArray ce) {}

  /**
   * The student's and teacher's outputs for one batch.
   *
   * @param studentLogits [B, T, V]
   * @param teacherLogits [B, T, V], or null when kd = 0
   * @param labels [B, T] integer labels with {@code ignoreIndex} at padding
   * @param encoderMask [B, S] attention mask of the encoder input (1 = token)
   * @param studentEncoder encoder block outputs of the student, each [B, S, d]
   * @param teacherEncoder the teacher's, 1:1 with the student's
   * @param studentDecoder decoder block outputs of the student, each [B, T, d]
   * @param teacherDecoder the teacher's block outputs at the student's source layers, 1:1
   */
  public record Inputs(
      NDArray studentLogits,
      NDArray teacherLogits,
      NDArray labels,
      NDArray encoderMask,
      List<NDArray> studentEncoder,
      List<NDArray> teacherEncoder,
      List<NDArray> studentDecoder,
      List<NDArray> teacherDecoder) {}

  /** Computes every component and the weighted total. */
  public Components compute(Inputs in) {
    NDArray logits = in.studentLogits();
    DataType type = logits.getDataType();
    NDArray targetMask = in.labels().neq(ignoreIndex).toType(type, false);
    NDArray targetCount = targetMask.sum().maximum(Scalars.of(logits, 1));
    NDArray zero = logits.getManager().zeros(new ai.djl.ndarray.types.Shape(), type);
    NDArray total = zero;

    NDArray kd = zero;
    if (weights.kd() > 0) {
      if (in.teacherLogits() == null) {
        throw new IllegalArgumentException("kd weight " + weights.kd() + " needs teacher logits");
      }
      double t = weights.temperature();
      NDArray teacherLogP = in.teacherLogits().toType(type, false).div(Scalars.of(logits, t)).logSoftmax(-1);
      NDArray studentLogP = logits.div(Scalars.of(logits, t)).logSoftmax(-1);
      // KL(p_t ‖ p_s) = Σ_v p_t (log p_t − log p_s), per target position.
      NDArray perToken = teacherLogP.exp().mul(teacherLogP.sub(studentLogP)).sum(new int[] {-1});
      kd = perToken.mul(targetMask).sum().div(targetCount).mul(Scalars.of(logits, t * t));
      total = total.add(kd.mul(Scalars.of(logits, weights.kd())));
    }

    NDArray enc = zero;
    if (weights.encHidden() > 0) {
      enc = hiddenMse("encoder", in.studentEncoder(), in.teacherEncoder(),
          in.encoderMask().toType(type, false));
      total = total.add(enc.mul(Scalars.of(logits, weights.encHidden())));
    }

    NDArray dec = zero;
    if (weights.decHidden() > 0) {
      dec = hiddenMse("decoder", in.studentDecoder(), in.teacherDecoder(), targetMask);
      total = total.add(dec.mul(Scalars.of(logits, weights.decHidden())));
    }

    NDArray ce = zero;
    if (weights.ce() > 0) {
      ce = crossEntropy(logits, in.labels(), targetMask, targetCount);
      total = total.add(ce.mul(Scalars.of(logits, weights.ce())));
    }
    return new Components(total, kd, enc, dec, ce);
  }

  /** Label cross-entropy averaged over non-pad targets. */
  public NDArray crossEntropy(NDArray logits, NDArray labels) {
    NDArray mask = labels.neq(ignoreIndex).toType(logits.getDataType(), false);
    return crossEntropy(logits, labels, mask, mask.sum().maximum(Scalars.of(logits, 1)));
  }

  private NDArray crossEntropy(NDArray logits, NDArray labels, NDArray mask, NDArray count) {
    NDArray logP = logits.logSoftmax(-1);
    // Padding labels point at class 0 for the gather and are masked out afterwards.
    NDArray index = labels.toType(DataType.INT64, false).maximum(0).expandDims(-1);
    NDArray picked = logP.gather(index, -1).squeeze(-1);
    return picked.mul(mask).sum().div(count).neg();
  }

  private static NDArray hiddenMse(String stack, List<NDArray> student, List<NDArray> teacher, NDArray mask) {
    if (student.size() != teacher.size() || student.isEmpty()) {
      throw new IllegalArgumentException(stack + " hidden-state loss needs matching, non-empty layer lists, got "
          + student.size() + " student and " + teacher.size() + " teacher layers");
    }
    long d = student.get(0).getShape().getLastDimension();
    NDArray denominator = mask.sum().maximum(Scalars.of(mask, 1)).mul(Scalars.of(mask, d));
    NDArray sum = null;
    for (int i = 0; i < student.size(); i++) {
      NDArray s = student.get(i);
      NDArray t = teacher.get(i).toType(s.getDataType(), false);
      if (!s.getShape().equals(t.getShape())) {
        throw new IllegalArgumentException(stack + " layer pair " + i + ": student " + s.getShape()
            + " vs teacher " + t.getShape());
      }
      NDArray perPosition = s.sub(t).square().sum(new int[] {-1});
      NDArray layer = perPosition.mul(mask).sum().div(denominator);
      sum = sum == null ? layer : sum.add(layer);
    }
    return sum.div(Scalars.of(sum, student.size()));
  }
}
