package dev.shears.spec;

import static dev.shears.spec.Fields.SELECTIONS;
import static dev.shears.spec.Fields.SPARSITY;
import static dev.shears.spec.Fields.STEPS;
import static dev.shears.spec.Fields.obj;
import static dev.shears.spec.Fields.opt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shears.spec.Fields.Entry;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code nash:} NASH (paper §4): d_s decoder layers chosen by a rule, hard-concrete gates on encoder heads and FFN
 * dimensions under a Lagrangian constraint with distillation, then fine-tuning of the pruned model. Before each
 * method had its own section, specs gave every method's settings here; the other methods still read a field they
 * lack from this section.
 *
 * @param decoderLayers d_s (default 3)
 * @param selection uniform | uniform-paper | low | high | l0 (default uniform)
 * @param encoderSparsity the encoder sparsity target t in [0, 1) (default 0.3)
 * @param distillation the distillation loss weights
 * @param regLr learning rate of the gates and of the multipliers (default 0.01)
 * @param sparsityWarmupSteps steps over which t rises from 0 (default 500)
 * @param finetunePruned the fine-tuning after pruning
 */
public record NashSpec(int decoderLayers, String selection, double encoderSparsity, Distillation distillation,
    double regLr, int sparsityWarmupSteps, FinetunePruned finetunePruned)
    implements MethodSpec, MethodSpec.DecoderSelection, MethodSpec.GatedPruning, MethodSpec.PrunedFinetune {
  public static final String NAME = "nash";

  static final Rule.Obj SCHEMA = obj(fields());

  static final PruningMethod METHOD = new PruningMethod(NAME, "NASH",
      "Uniformly selected decoder layers, encoder heads and FFN dimensions pruned by L0 gates under a sparsity "
          + "constraint with distillation, then fine-tuned",
      NashSpec.class,
      List.of(Stages.FINETUNE_TEACHER, Stages.SELECT_DECODER, Stages.PRUNE_ENCODER, Stages.FINETUNE_PRUNED,
          Stages.EXPORT),
      PruningMethod.SparsityScope.ENCODER, "encoderSparsity", SCHEMA, NashSpec::read);

  private static Entry[] fields() {
    List<Entry> f = new ArrayList<>(List.of(
        opt("decoderLayers", new Rule.Int(1, 1024), true),
        opt("selection", new Rule.OneOf(SELECTIONS), true),
        opt("encoderSparsity", SPARSITY, true)));
    f.addAll(Distillation.FIELDS);
    f.addAll(List.of(
        opt("regLr", new Rule.Num(0, false, 1000, true), true),
        opt("sparsityWarmupSteps", STEPS, true),
        opt("finetunePruned", FinetunePruned.SCHEMA, false)));
    return f.toArray(Entry[]::new);
  }

  /** The {@code nash:} section of {@code spec}; every method falls back on it for fields it lacks. */
  static Section section(JsonNode spec) {
    return Section.of(spec, NAME);
  }

  static NashSpec read(JsonNode spec) {
    Section s = section(spec);
    return new NashSpec(s.integer("decoderLayers", 3), s.text("selection", "uniform"),
        s.number("encoderSparsity", 0.3), Distillation.read(s), s.number("regLr", 0.01),
        s.integer("sparsityWarmupSteps", 500), FinetunePruned.read(s));
  }

  @Override
  public PruningMethod method() {
    return METHOD;
  }

  @Override
  public GateScope gateScope() {
    return gatedSelection() ? GateScope.ENCODER_AND_DECODER_LAYERS : GateScope.ENCODER;
  }

  @Override
  public double targetSparsity() {
    return encoderSparsity;
  }

  @Override
  public String label() {
    return label(SparsityText.of(encoderSparsity));
  }

  @Override
  public String label(String sparsity) {
    return "NASH-" + decoderLayers + "@" + sparsity + (selection.equals("uniform") ? "" : " " + selection);
  }

  @Override
  public String description() {
    return description(SparsityText.of(encoderSparsity));
  }

  @Override
  public String description(String sparsity) {
    return "NASH-" + decoderLayers + " (encoder sparsity " + sparsity
        + (selection.equals("uniform") ? "" : ", " + selection + " layers") + ")";
  }
}
