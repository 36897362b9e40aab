package dev.shears.spec;

import static dev.shears.spec.Fields.obj;
import static dev.shears.spec.Fields.opt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shears.spec.Fields.Entry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code uniform-only:} NASH's decoder-layer selection alone: the student keeps d_s teacher decoder layers and the
 * whole encoder, and is fine-tuned (paper Table 3). A field absent here is read from {@code nash:}.
 *
 * @param decoderLayers d_s (default 3)
 * @param selection uniform | uniform-paper | low | high (default uniform)
 * @param distillation the loss weights when {@code finetunePruned.recipe} is {@code distill}
 * @param finetunePruned the fine-tuning of the cut model
 */
public record UniformOnlySpec(int decoderLayers, String selection, Distillation distillation,
    FinetunePruned finetunePruned)
    implements MethodSpec, MethodSpec.DecoderSelection, MethodSpec.Distilled, MethodSpec.PrunedFinetune {
  public static final String NAME = "uniform-only";
  /** Rules that choose layers before training (l0 needs gates, which this method has not). */
  static final Set<String> SELECTIONS = Set.of("uniform", "uniform-paper", "low", "high");

  static final Rule.Obj SCHEMA = obj(fields());

  static final PruningMethod METHOD = new PruningMethod(NAME, "uniform-only",
      "Uniformly selected decoder layers without encoder pruning, fine-tuned",
      UniformOnlySpec.class,
      List.of(Stages.FINETUNE_TEACHER, Stages.SELECT_DECODER, Stages.FINETUNE_PRUNED, Stages.EXPORT),
      PruningMethod.SparsityScope.ENCODER, null, SCHEMA, UniformOnlySpec::read);

  private static Entry[] fields() {
    List<Entry> f = new ArrayList<>(List.of(
        opt("decoderLayers", new Rule.Int(1, 1024), true),
        opt("selection", new Rule.OneOf(SELECTIONS), true)));
    f.addAll(Distillation.FIELDS);
    f.add(opt("finetunePruned", FinetunePruned.SCHEMA, false));
    return f.toArray(Entry[]::new);
  }

  static UniformOnlySpec read(JsonNode spec) {
    Section s = Section.of(spec, NAME).orElse(NashSpec.section(spec));
    return new UniformOnlySpec(s.integer("decoderLayers", 3), s.text("selection", "uniform"), Distillation.read(s),
        FinetunePruned.read(s));
  }

  @Override
  public PruningMethod method() {
    return METHOD;
  }

  @Override
  public double targetSparsity() {
    return 0;
  }

  @Override
  public String label() {
    return "uniform-only-" + decoderLayers + (selection.equals("uniform") ? "" : " " + selection);
  }

  /** The label: uniform-only has no sparsity target. */
  @Override
  public String label(String sparsity) {
    return label();
  }

  @Override
  public String description() {
    return "uniform-only-" + decoderLayers + " (no encoder pruning"
        + (selection.equals("uniform") ? "" : ", " + selection + " layers") + ")";
  }

  /** The description: uniform-only has no sparsity target. */
  @Override
  public String description(String sparsity) {
    return description();
  }
}
