package dev.shears.trainer.stage;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.shears.model.Gates;
import dev.shears.model.T5Config;
import dev.shears.spec.MethodSpec.DecoderSelection;
import dev.shears.spec.MethodSpec.GateScope;
import dev.shears.spec.MethodSpec.GatedPruning;
import dev.shears.trainer.nash.HardConcreteGate;
import dev.shears.trainer.nash.MaskCalibration;
import dev.shears.trainer.nash.StructuredSparsity;
import dev.shears.trainer.spec.TrialSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Which hard-concrete gates a pruning run trains beside the encoder's head and FFN gates, and which sparsities the
 * Lagrangian constrains (DESIGN §4):
 * <ul>
 *   <li>nash: encoder heads and FFN dimensions; one constraint on the encoder.</li>
 *   <li>nash with {@code selection: l0} (paper Table 3, implementation notes §6): also one coarse gate per decoder
 *       sublayer (self-attention, cross-attention, FFN); a second constraint on the decoder's sublayer parameters
 *       with target 1 − d_s/L.</li>
 *   <li>cofi (the simplified CoFi-T5 baseline, see CofiSpec): head and FFN-dimension gates and whole-sublayer gates in encoder and decoder;
 *       one constraint over M = M_enc + M_dec, the decoder counting self- and cross-attention heads.</li>
 * </ul>
 * Coarse gates are {@code [1, L]} so that the deterministic mask (implementation notes §4) rounds over all layers of
 * a sublayer kind.
 */
final class GateLayout {
  static final String ENCODER_HEADS = "encoder.heads";
  static final String ENCODER_FFN = "encoder.ffn";
  static final String DECODER_SELF_HEADS = "decoder.selfHeads";
  static final String DECODER_CROSS_HEADS = "decoder.crossHeads";
  static final String DECODER_FFN = "decoder.ffn";
  static final String ENCODER_ATTENTION_LAYERS = "encoder.attentionLayers";
  static final String ENCODER_FFN_LAYERS = "encoder.ffnLayers";
  static final String DECODER_SELF_LAYERS = "decoder.selfAttentionLayers";
  static final String DECODER_CROSS_LAYERS = "decoder.crossAttentionLayers";
  static final String DECODER_FFN_LAYERS = "decoder.ffnLayers";
  /** Every extra gate name, in the order gates are created, sampled, optimised and checkpointed. */
  static final List<String> EXTRA_GATES = List.of(DECODER_SELF_HEADS, DECODER_CROSS_HEADS, DECODER_FFN,
      ENCODER_ATTENTION_LAYERS, ENCODER_FFN_LAYERS, DECODER_SELF_LAYERS, DECODER_CROSS_LAYERS, DECODER_FFN_LAYERS);

  static final double HEAD_INIT = 10;
  static final double FFN_INIT = 0;
  static final double SUBLAYER_INIT = 10;
  static final double INIT_SD = 0.01;

  /** One gate block to create: {@code [layers, n]} with log α ~ N(init, 0.01²). */
  record GateShape(String name, int layers, int n, double init) {}

  /** One group of a constraint: its fine gate and its sublayer gate by name (either may be null). */
  record Term(StructuredSparsity.Group group, String fine, String sublayer) {}

  /** One sparsity constraint of R. */
  record Constraint(String name, List<Term> terms, double target) {
    StructuredSparsity sparsity() {
      return new StructuredSparsity(terms.stream().map(Term::group).toList());
    }

    /** The differentiable ŝ from the gates' P(z≠0). */
    NDArray expected(Function<String, HardConcreteGate> gates) {
      List<StructuredSparsity.Probabilities> p = new ArrayList<>();
      for (Term t : terms) {
        p.add(new StructuredSparsity.Probabilities(t.fine() == null ? null : gates.apply(t.fine()).probNonZero(),
            t.sublayer() == null ? null : gates.apply(t.sublayer()).probNonZero()));
      }
      return sparsity().expected(p);
    }

    /** ŝ from the current log α, for reporting. */
    double expectedValue(Function<String, HardConcreteGate> gates) {
      double[][][] fine = new double[terms.size()][][];
      double[][] sublayer = new double[terms.size()][];
      for (int i = 0; i < terms.size(); i++) {
        Term t = terms.get(i);
        fine[i] = t.fine() == null ? null : gates.apply(t.fine()).probNonZeroValues();
        sublayer[i] = t.sublayer() == null ? null : gates.apply(t.sublayer()).probNonZeroValues()[0];
      }
      return sparsity().expected(fine, sublayer);
    }

    /**
     * The sparsity fixed masks realise: a unit is kept when its own gate and its sublayer gate are both non-zero
     * (the count of {@link StructuredSparsity} with every P(z≠0) replaced by 0 or 1).
     */
    double realised(Function<String, float[][]> masks) {
      double[][][] fine = new double[terms.size()][][];
      double[][] sublayer = new double[terms.size()][];
      for (int i = 0; i < terms.size(); i++) {
        Term t = terms.get(i);
        fine[i] = t.fine() == null ? null : kept(masks.apply(t.fine()));
        sublayer[i] = t.sublayer() == null ? null : kept(masks.apply(t.sublayer()))[0];
      }
      return sparsity().expected(fine, sublayer);
    }

    /** The names of the gates this constraint counts, fine and sublayer, in term order. */
    List<String> gateNames() {
      List<String> names = new ArrayList<>();
      for (Term t : terms) {
        for (String name : java.util.Arrays.asList(t.fine(), t.sublayer())) {
          if (name != null && !names.contains(name)) {
            names.add(name);
          }
        }
      }
      return names;
    }

    private static double[][] kept(float[][] mask) {
      double[][] out = new double[mask.length][];
      for (int l = 0; l < mask.length; l++) {
        out[l] = new double[mask[l].length];
        for (int j = 0; j < mask[l].length; j++) {
          out[l][j] = mask[l][j] != 0f ? 1 : 0;
        }
      }
      return out;
    }
  }

  /**
   * The deterministic gate values the pruned structure is fixed with, by gate name, and the log-α shift each
   * constraint took ({@link MaskCalibration}; 0 when not calibrated).
   */
  record FixedMasks(Map<String, float[][]> masks, Map<String, Double> shifts) {}

  private final List<GateShape> extraGates;
  private final List<Constraint> constraints;

  private GateLayout(List<GateShape> extraGates, List<Constraint> constraints) {
    this.extraGates = extraGates;
    this.constraints = constraints;
  }

  /** Whether the trial trains a decoder with all the teacher's layers and lets gates choose (cofi, l0). */
  static boolean gatesTheDecoder(TrialSpec spec) {
    return spec.method() instanceof GatedPruning g && g.gateScope() != GateScope.ENCODER;
  }

  /** The layout for {@code spec} on an unpruned student with config {@code c}. */
  static GateLayout of(TrialSpec spec, T5Config c) {
    if (!(spec.method() instanceof GatedPruning pruning)) {
      throw new IllegalArgumentException("method: " + spec.methodName() + " trains no gates");
    }
    int le = c.numLayers();
    int ld = c.numDecoderLayers();
    long head = 4L * c.dModel() * c.dKv();
    long ffnDim = (c.gated() ? 3L : 2L) * c.dModel();
    double target = pruning.targetSparsity();
    if (pruning.gateScope() == GateScope.MODEL) {
      List<GateShape> gates = List.of(
          new GateShape(DECODER_SELF_HEADS, ld, c.numHeads(), HEAD_INIT),
          new GateShape(DECODER_CROSS_HEADS, ld, c.numHeads(), HEAD_INIT),
          new GateShape(DECODER_FFN, ld, c.dFf(), FFN_INIT),
          new GateShape(ENCODER_ATTENTION_LAYERS, 1, le, SUBLAYER_INIT),
          new GateShape(ENCODER_FFN_LAYERS, 1, le, SUBLAYER_INIT),
          new GateShape(DECODER_SELF_LAYERS, 1, ld, SUBLAYER_INIT),
          new GateShape(DECODER_CROSS_LAYERS, 1, ld, SUBLAYER_INIT),
          new GateShape(DECODER_FFN_LAYERS, 1, ld, SUBLAYER_INIT));
      List<Term> terms = List.of(
          new Term(new StructuredSparsity.Group(ENCODER_HEADS, le, c.numHeads(), head), ENCODER_HEADS,
              ENCODER_ATTENTION_LAYERS),
          new Term(new StructuredSparsity.Group(ENCODER_FFN, le, c.dFf(), ffnDim), ENCODER_FFN, ENCODER_FFN_LAYERS),
          new Term(new StructuredSparsity.Group(DECODER_SELF_HEADS, ld, c.numHeads(), head), DECODER_SELF_HEADS,
              DECODER_SELF_LAYERS),
          new Term(new StructuredSparsity.Group(DECODER_CROSS_HEADS, ld, c.numHeads(), head), DECODER_CROSS_HEADS,
              DECODER_CROSS_LAYERS),
          new Term(new StructuredSparsity.Group(DECODER_FFN, ld, c.dFf(), ffnDim), DECODER_FFN, DECODER_FFN_LAYERS));
      return new GateLayout(gates, List.of(new Constraint("model", terms, target)));
    }
    Constraint encoder = new Constraint("encoder", List.of(
        new Term(new StructuredSparsity.Group(ENCODER_HEADS, le, c.numHeads(), head), ENCODER_HEADS, null),
        new Term(new StructuredSparsity.Group(ENCODER_FFN, le, c.dFf(), ffnDim), ENCODER_FFN, null)), target);
    if (pruning.gateScope() == GateScope.ENCODER) {
      return new GateLayout(List.of(), List.of(encoder));
    }
    if (!(pruning instanceof DecoderSelection selection)) {
      throw new IllegalArgumentException("method: " + spec.methodName() + " gates decoder layers but names no "
          + "decoderLayers target");
    }
    int keep = selection.decoderLayers();
    if (keep > ld) {
      throw new IllegalArgumentException(spec.methodName() + ".decoderLayers: " + keep + " is more than the teacher's " + ld
          + " decoder layers");
    }
    List<GateShape> gates = List.of(
        new GateShape(DECODER_SELF_LAYERS, 1, ld, SUBLAYER_INIT),
        new GateShape(DECODER_CROSS_LAYERS, 1, ld, SUBLAYER_INIT),
        new GateShape(DECODER_FFN_LAYERS, 1, ld, SUBLAYER_INIT));
    // A decoder sublayer gate holds the whole sublayer: one "unit" of all its parameters.
    Constraint decoder = new Constraint("decoder", List.of(
        new Term(new StructuredSparsity.Group(DECODER_SELF_LAYERS, ld, 1, head * c.numHeads()), null,
            DECODER_SELF_LAYERS),
        new Term(new StructuredSparsity.Group(DECODER_CROSS_LAYERS, ld, 1, head * c.numHeads()), null,
            DECODER_CROSS_LAYERS),
        new Term(new StructuredSparsity.Group(DECODER_FFN_LAYERS, ld, 1, ffnDim * c.dFf()), null,
            DECODER_FFN_LAYERS)),
        1 - (double) keep / ld);
    return new GateLayout(gates, List.of(encoder, decoder));
  }

  /**
   * The deterministic masks of every constrained gate. With {@code calibrate}, each constraint's gates are shifted by
   * the {@link MaskCalibration} that brings the sparsity the masks realise closest to its final target; without, they
   * are NASH's masks as they stand (a trial stopped early exports what it has).
   */
  FixedMasks fix(Function<String, HardConcreteGate> gates, boolean calibrate) {
    Map<String, float[][]> masks = new java.util.LinkedHashMap<>();
    Map<String, Double> shifts = new java.util.LinkedHashMap<>();
    for (Constraint c : constraints) {
      Map<String, float[][]> logAlpha = new java.util.LinkedHashMap<>();
      c.gateNames().forEach(name -> logAlpha.put(name, gates.apply(name).logAlphaValues()));
      double shift = !calibrate ? 0 : MaskCalibration.shift(
          d -> c.realised(name -> HardConcreteGate.deterministic(logAlpha.get(name), d)), c.target());
      logAlpha.forEach((name, values) -> masks.put(name, HardConcreteGate.deterministic(values, shift)));
      shifts.put(c.name(), shift);
    }
    return new FixedMasks(masks, shifts);
  }

  /** The gates beyond the encoder's heads and FFN dimensions. */
  List<GateShape> extraGates() {
    return extraGates;
  }

  /** The constrained sparsities; the first is the one the Lagrangian controller's own target belongs to. */
  List<Constraint> constraints() {
    return constraints;
  }

  /** {@link Gates} from one value per gate name (encoder heads and FFN included); absent names are unset. */
  static Gates gates(Map<String, NDArray> values) {
    Gates.Builder b = Gates.builder()
        .optEncoderHeads(values.get(ENCODER_HEADS))
        .optEncoderFfn(values.get(ENCODER_FFN))
        .optDecoderSelfHeads(values.get(DECODER_SELF_HEADS))
        .optDecoderCrossHeads(values.get(DECODER_CROSS_HEADS))
        .optDecoderFfn(values.get(DECODER_FFN));
    b.optEncoderAttentionLayers(vector(values.get(ENCODER_ATTENTION_LAYERS)))
        .optEncoderFfnLayers(vector(values.get(ENCODER_FFN_LAYERS)))
        .optDecoderSelfAttentionLayers(vector(values.get(DECODER_SELF_LAYERS)))
        .optDecoderCrossAttentionLayers(vector(values.get(DECODER_CROSS_LAYERS)))
        .optDecoderFfnLayers(vector(values.get(DECODER_FFN_LAYERS)));
    return b.build();
  }

  private static NDArray vector(NDArray coarse) {
    return coarse == null ? null : coarse.reshape(coarse.size());
  }

  /** A {@code [layers, n]} array of Java values. */
  static NDArray array(NDManager manager, float[][] values) {
    int n = values[0].length;
    float[] flat = new float[values.length * n];
    for (int l = 0; l < values.length; l++) {
      System.arraycopy(values[l], 0, flat, l * n, n);
    }
    return manager.create(flat, new Shape(values.length, n));
  }
}
