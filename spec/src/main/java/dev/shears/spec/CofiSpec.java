package dev.shears.spec;

import static dev.shears.spec.Fields.SPARSITY;
import static dev.shears.spec.Fields.STEPS;
import static dev.shears.spec.Fields.obj;
import static dev.shears.spec.Fields.opt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shears.spec.Fields.Entry;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code cofi:} a simplified CoFi-T5 baseline: head, FFN-dimension and whole-sublayer gates in encoder and decoder
 * (the decoder keeps all its layers until gates remove them), one sparsity constraint on the whole model,
 * distillation, then fine-tuning. Simplified, and labelled so wherever it is shown: CoFi also gates the hidden
 * dimension (one mask on d_model shared by every layer), fine-tunes 100 steps before pruning, warms its target up
 * over most of a long schedule, distils intermediate layers through a learned projection with a searched layer
 * alignment, and keeps distilling while it fine-tunes; here there are no hidden-dimension gates, pruning starts at
 * step 0, the warm-up is {@code sparsityWarmupSteps}, hidden states are compared 1:1 without a projection, and
 * fine-tuning distils only with {@code finetunePruned.recipe: distill}. A field absent here is read from {@code nash:} ({@code sparsity} from
 * {@code nash.encoderSparsity}), as specs written before this section do.
 *
 * @param sparsity the whole-model sparsity target in [0, 1) (default 0.3)
 * @param distillation the distillation loss weights
 * @param regLr learning rate of the gates and of the multipliers (default 0.01)
 * @param sparsityWarmupSteps steps over which the target rises from 0 (default 500)
 * @param finetunePruned the fine-tuning after pruning
 */
public record CofiSpec(double sparsity, Distillation distillation, double regLr, int sparsityWarmupSteps,
    FinetunePruned finetunePruned) implements MethodSpec, MethodSpec.GatedPruning, MethodSpec.PrunedFinetune {
  public static final String NAME = "cofi";

  static final Rule.Obj SCHEMA = obj(fields());

  static final PruningMethod METHOD = new PruningMethod(NAME, "CoFi-T5 (simplified)",
      "Heads, FFN dimensions and whole sublayers of encoder and decoder pruned by L0 gates under one whole-model "
          + "sparsity constraint with distillation, then fine-tuned; simplified: no hidden-dimension gates",
      CofiSpec.class,
      List.of(Stages.FINETUNE_TEACHER, Stages.SELECT_DECODER, Stages.PRUNE_ENCODER, Stages.FINETUNE_PRUNED,
          Stages.EXPORT),
      PruningMethod.SparsityScope.MODEL, "sparsity", SCHEMA, CofiSpec::read);

  private static Entry[] fields() {
    List<Entry> f = new ArrayList<>(List.of(opt("sparsity", SPARSITY, true)));
    f.addAll(Distillation.FIELDS);
    f.addAll(List.of(
        opt("regLr", new Rule.Num(0, false, 1000, true), true),
        opt("sparsityWarmupSteps", STEPS, true),
        opt("finetunePruned", FinetunePruned.SCHEMA, false)));
    return f.toArray(Entry[]::new);
  }

  static CofiSpec read(JsonNode spec) {
    Section legacy = NashSpec.section(spec);
    Section s = Section.of(spec, NAME).orElse(legacy);
    return new CofiSpec(s.number("sparsity", legacy.number("encoderSparsity", 0.3)), Distillation.read(s),
        s.number("regLr", 0.01), s.integer("sparsityWarmupSteps", 500), FinetunePruned.read(s));
  }

  @Override
  public PruningMethod method() {
    return METHOD;
  }

  @Override
  public GateScope gateScope() {
    return GateScope.MODEL;
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
    return "CoFi-T5-simplified@" + sparsity;
  }

  @Override
  public String description() {
    return description(SparsityText.of(sparsity));
  }

  @Override
  public String description(String sparsity) {
    return "CoFi-T5 simplified (model sparsity " + sparsity + ")";
  }
}
