package dev.shears.spec;

/**
 * The method section of a spec, one record per pruning method. What a stage needs from a method it reads through
 * the capability interfaces a record implements ({@link DecoderSelection}, {@link GatedPruning},
 * {@link Distilled}, {@link PrunedFinetune}, {@link NarrowStudent}), never by comparing method names.
 */
public sealed interface MethodSpec permits NashSpec, CofiSpec, UniformOnlySpec, DistillSmallSpec, NumericalSpec,
    TeacherContinuedSpec {
  /** The method's registry entry. */
  PruningMethod method();

  /** A short label for figures and tables, e.g. {@code NASH-3@0.3}. */
  String label();

  /**
   * {@link #label()} with {@code sparsity} written where the target's value stands and every other part kept, e.g.
   * {@code NASH-3@0.03 low} for a {@code NASH-3@0.3 low} export that reached 0.03: how an export that missed its
   * target is named. A method whose label shows no sparsity appends it ({@code distill-small-3@0.25}); one without a
   * target ({@link #targetScope()} null) returns {@link #label()}.
   */
  String label(String sparsity);

  /** A row label in the paper's style, e.g. {@code NASH-3 (encoder sparsity 0.3)}. */
  String description();

  /**
   * {@link #description()} with {@code sparsity} written where the target's value stands and every other part kept,
   * e.g. {@code NASH-3 (encoder sparsity 0.033, target 0.3 missed, low layers)}; a method without a target returns
   * {@link #description()}.
   */
  String description(String sparsity);

  /** The sparsity target, of the part of the model {@link PruningMethod#sparsityScope()} names (0 if none). */
  double targetSparsity();

  /**
   * What {@link #targetSparsity()} is a sparsity of, counted against the teacher's prunable weights as an
   * evaluation measures them, or null when the method has no target or none an export is measured by.
   */
  default PruningMethod.SparsityScope targetScope() {
    return method().targetField() == null ? null : method().sparsityScope();
  }

  /** Decoder layers the student keeps (or starts with), when the method chooses them up front. */
  interface DecoderSelection {
    /** d_s. */
    int decoderLayers();

    /** uniform | uniform-paper | low | high | l0. */
    String selection();

    /** Whether gates choose the decoder's layers during pruning instead of a fixed rule before it. */
    default boolean gatedSelection() {
      return "l0".equals(selection());
    }
  }

  /** Distillation from the teacher: the loss weights of paper Eq. 4–6. */
  interface Distilled {
    Distillation distillation();
  }

  /** Hard-concrete gates trained under a Lagrangian sparsity constraint (paper §4, Eq. 7). */
  interface GatedPruning extends Distilled {
    /** Which gates the method trains and which sparsity it constrains. */
    GateScope gateScope();

    /** The target t the Lagrangian drives the expected sparsity to. */
    double targetSparsity();

    /** Learning rate of the gates and (negated) of the multipliers. */
    double regLr();

    /** Steps over which the target rises linearly from 0. */
    int sparsityWarmupSteps();
  }

  /** Fine-tuning of the pruned student after its structure is fixed. */
  interface PrunedFinetune {
    FinetunePruned finetunePruned();
  }

  /** A student initialised from scratch with a narrower encoder, rather than cut from the teacher. */
  interface NarrowStudent {
    /** The fraction of the teacher's prunable encoder parameters the student lacks. */
    double encoderSparsity();
  }

  /** A student that is the whole fine-tuned teacher, nothing removed: a control trained like the students. */
  interface UnprunedStudent {}

  /** What gates a {@link GatedPruning} method trains. */
  enum GateScope {
    /** Encoder heads and FFN dimensions; one constraint on the encoder. */
    ENCODER,
    /** As {@link #ENCODER}, plus one gate per decoder sublayer with a second constraint (the l0 selection). */
    ENCODER_AND_DECODER_LAYERS,
    /** Heads, FFN dimensions and whole sublayers of encoder and decoder; one constraint on the whole model. */
    MODEL
  }
}
