package dev.shears.spec;

import static dev.shears.spec.Fields.LR;
import static dev.shears.spec.Fields.SPARSITY;
import static dev.shears.spec.Fields.STEPS;
import static dev.shears.spec.Fields.obj;
import static dev.shears.spec.Fields.opt;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code numerical:} training-free structured pruning after Numerical Pruning (Shen et al., AAAI 2025) adapted to
 * T5: calibration statistics from forward passes over training examples, a numerical score per attention head
 * (encoder self-, decoder self- and cross-attention) and FFN dimension, one global cut by parameter cost, and a
 * least-squares refit of the output projections. Optionally the decoder is first cut to d_s uniformly selected
 * layers, as NASH's, and the result briefly fine-tuned.
 *
 * @param sparsity the fraction of the prunable parameters in {@code scope} to remove, in [0, 1) (default 0.3); with
 *     {@code decoderLayers}, of the model after the layer selection
 * @param calibrationExamples training examples of the calibration pass (default 128, the paper's)
 * @param decoderLayers d_s uniformly selected decoder layers to keep first, or 0 (the default) for all
 * @param scope {@code both} (one pool over encoder and decoder, the default), {@code encoder} (as NASH) or
 *     {@code decoder}
 * @param compensate whether the output projections' kept columns are refitted (default true)
 * @param ridge the refit's ridge γ relative to the mean diagonal of the kept channels' Gram (default 0.01)
 * @param finetunePruned the optional fine-tuning of the pruned model (default 0 steps: none)
 */
public record NumericalSpec(double sparsity, int calibrationExamples, int decoderLayers, String scope,
    boolean compensate, double ridge, FinetunePruned finetunePruned)
    implements MethodSpec, MethodSpec.PrunedFinetune {
  public static final String NAME = "numerical";
  /** The values of {@code scope}. */
  public static final Set<String> SCOPES = Set.of("both", "encoder", "decoder");

  static final Rule.Obj SCHEMA = obj(
      opt("sparsity", SPARSITY, true),
      opt("calibrationExamples", new Rule.Int(1, 1_000_000), true),
      opt("decoderLayers", new Rule.Int(1, 1024), true),
      opt("scope", new Rule.OneOf(SCOPES), true),
      opt("compensate", new Rule.Bool(), true),
      opt("ridge", new Rule.Num(0, true, 1000, true), true),
      opt("finetunePruned", obj(
          opt("recipe", new Rule.OneOf(Set.of(FinetunePruned.LABELS, FinetunePruned.DISTILL)), true),
          opt("steps", STEPS, true),
          opt("lr", LR, true)), false));

  static final PruningMethod METHOD = new PruningMethod(NAME, "Numerical Pruning",
      "Training-free: heads and FFN dimensions of encoder and decoder scored numerically from a calibration pass, "
          + "cut globally by parameter cost, output projections refitted by least squares",
      NumericalSpec.class,
      List.of(Stages.FINETUNE_TEACHER, Stages.PRUNE_NUMERICAL, Stages.FINETUNE_PRUNED, Stages.EXPORT),
      PruningMethod.SparsityScope.MODEL, "sparsity", SCHEMA, NumericalSpec::read);

  static NumericalSpec read(JsonNode spec) {
    Section s = Section.of(spec, NAME);
    Section f = s.child("finetunePruned");
    return new NumericalSpec(s.number("sparsity", 0.3), s.integer("calibrationExamples", 128),
        s.integer("decoderLayers", 0), s.text("scope", "both"), s.bool("compensate", true), s.number("ridge", 0.01),
        new FinetunePruned(f.text("recipe", FinetunePruned.LABELS), f.integer("steps", 0), f.number("lr", 3e-4)));
  }

  @Override
  public PruningMethod method() {
    return METHOD;
  }

  /**
   * The encoder's for scope {@code encoder}; the whole model's for {@code both} without a layer cut. With a layer
   * cut the target counts the cut model, and for {@code decoder} the decoder alone, which no evaluation measures.
   */
  @Override
  public PruningMethod.SparsityScope targetScope() {
    if ("encoder".equals(scope)) {
      return PruningMethod.SparsityScope.ENCODER;
    }
    return "both".equals(scope) && decoderLayers == 0 ? PruningMethod.SparsityScope.MODEL : null;
  }

  @Override
  public double targetSparsity() {
    return sparsity;
  }

  @Override
  public String label() {
    return label(SparsityText.of(sparsity));
  }

  @Override
  public String label(String sparsity) {
    return "Numerical" + (decoderLayers > 0 ? "-" + decoderLayers : "") + "@" + sparsity;
  }

  @Override
  public String description() {
    return description(String.format(Locale.ROOT, "%.2f", sparsity));
  }

  @Override
  public String description(String sparsity) {
    String layers = decoderLayers > 0 ? decoderLayers + " decoder layers, " : "";
    return "Numerical Pruning (" + layers + scope + " sparsity " + sparsity + (compensate ? "" : ", no compensation")
        + ")";
  }
}
